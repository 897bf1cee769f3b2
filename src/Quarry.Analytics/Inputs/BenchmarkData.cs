using Quarry.Core;
using Quarry.Data;

namespace Quarry.Analytics.Inputs;

/// <summary>A benchmark as returns and as a price level (for the regime analysis's trend and volatility axes).</summary>
/// <param name="Name">Display name (the file name without extension).</param>
/// <param name="Returns">Simple returns per period.</param>
/// <param name="Close">Closing prices; for a returns-only file, the index Π(1 + r) starting at 100 — its SMA
/// crossings and realised volatility are exactly those of the (total-return) prices.</param>
public sealed record BenchmarkData(string Name, TimeSeries Returns, TimeSeries Close)
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
        if (IsReturnsFile(path))
        {
            var returns = ReturnsData.Load(path);
            return new BenchmarkData(name, returns, Index(name, returns));
        }
        var bars = MarketData.Load(path);
        var close = new TimeSeries(name, bars.Time, bars.Close);
        return new BenchmarkData(name, ReturnSeries.FromPrices(close), close);
    }

    static TimeSeries Index(string name, TimeSeries returns)
    {
        var level = new double[returns.Count];
        double value = 100;
        for (int i = 0; i < level.Length; i++) level[i] = value *= 1 + (double.IsFinite(returns.Values[i]) ? returns.Values[i] : 0);
        return new TimeSeries(name, returns.Time, level);
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
