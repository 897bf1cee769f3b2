using Quarry.Core;
using Quarry.Data;

namespace Quarry.Analytics.Inputs;

/// <summary>A benchmark as returns, with its closes when it was given as prices (needed for regime analysis).</summary>
/// <param name="Name">Display name (the file name without extension).</param>
/// <param name="Returns">Simple returns per period.</param>
/// <param name="Close">Closing prices, or null when the file held returns only.</param>
public sealed record BenchmarkData(string Name, TimeSeries Returns, TimeSeries? Close)
{
    /// <summary>
    /// Loads a benchmark file: a returns file (a date column and a column named like "return") or an OHLCV price
    /// file, whose returns are then close-to-close.
    /// </summary>
    /// <exception cref="QuarryException">Missing or malformed file.</exception>
    public static BenchmarkData Load(string path)
    {
        if (!File.Exists(path))
            throw new QuarryException(ErrorCode.NotFound, $"Benchmark file '{path}' does not exist (check the path).");
        var name = Path.GetFileNameWithoutExtension(path);
        if (IsReturnsFile(path)) return new BenchmarkData(name, ReturnsData.Load(path), null);
        var bars = MarketData.Load(path);
        var close = new TimeSeries(name, bars.Time, bars.Close);
        return new BenchmarkData(name, ReturnSeries.FromPrices(close), close);
    }

    static bool IsReturnsFile(string path)
    {
        if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)) return false;
        using var reader = new StreamReader(path);
        var header = reader.ReadLine() ?? "";
        var columns = header.Split(',', StringSplitOptions.TrimEntries);
        return columns.Length == 2 && columns[1].Contains("return", StringComparison.OrdinalIgnoreCase);
    }
}
