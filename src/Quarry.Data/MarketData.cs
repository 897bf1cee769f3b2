using Quarry.Core;
using Quarry.Data.Internal;

namespace Quarry.Data;

/// <summary>Loads OHLCV bars from CSV or Parquet files into a <see cref="BarSeries"/>.</summary>
public static class MarketData
{
    /// <summary>
    /// Loads a bar file: <c>.parquet</c> files through <see cref="ParquetBars"/>, anything else as delimited text.
    /// Numbers and dates are parsed with the invariant culture; timestamps carrying a UTC offset are converted to UTC
    /// and every timestamp has <see cref="DateTimeKind.Unspecified"/>. Rows may be ascending or entirely descending
    /// (then reversed); other orders need <see cref="CsvOptions.Sort"/>. Volume is 0 when the file has none.
    /// Column mapping, <see cref="CsvOptions.Symbol"/> and <see cref="CsvOptions.Sort"/> also apply to Parquet files,
    /// which are read by blocking on <see cref="ParquetBars.ReadAsync"/>'s reader.
    /// Thread-safe; allocates the series' columns plus the file's text.
    /// </summary>
    /// <param name="path">The file; the symbol defaults to its name without extension.</param>
    /// <param name="options">How to read the file, or null for the defaults.</param>
    /// <exception cref="DataException">The first problem in the file: unparseable or invalid value, missing column,
    /// wrong field count, rows out of order, duplicate timestamp, or no data. Its line is 1-based, the header being line 1.</exception>
    /// <exception cref="QuarryException">The file does not exist (<see cref="ErrorCode.NotFound"/>) or
    /// <paramref name="options"/> are invalid (<see cref="ErrorCode.InvalidParameter"/>).</exception>
    public static BarSeries Load(string path, CsvOptions? options = null) =>
        BarFileReader.Read(path, options ?? CsvOptions.Default, new ThrowingIssueSink(path))!;
}
