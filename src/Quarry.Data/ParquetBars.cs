using Quarry.Core;
using Quarry.Data.Internal;

namespace Quarry.Data;

/// <summary>
/// Stores bars as Parquet, one row per bar with the columns
/// <c>time</c> (TIMESTAMP(NANOS), not adjusted to UTC: the wall-clock <see cref="DateTime"/>, exact to the tick),
/// <c>open</c>, <c>high</c>, <c>low</c>, <c>close</c>, <c>volume</c> (all DOUBLE) and, when the series has it,
/// <c>adj_close</c> (DOUBLE). pandas and Polars read <c>time</c> as a naive datetime.
/// The synchronous methods block on the asynchronous ones; call them only where blocking is fine (no UI thread).
/// </summary>
public static class ParquetBars
{
    /// <summary>
    /// Writes <paramref name="series"/> to <paramref name="path"/>, replacing any file there. The data goes to a temporary
    /// file in the same folder, which is renamed over the destination only when complete, so a crash never leaves a
    /// half-written file at <paramref name="path"/>. Creates the folder if needed. Timestamps lose their
    /// <see cref="DateTimeKind"/>. The symbol is not stored: reading uses the file name.
    /// </summary>
    /// <exception cref="QuarryException">With <see cref="ErrorCode.InvalidParameter"/>: the series is empty or has
    /// times outside 1677-09-22..2262-04-10, the range of Parquet nanosecond timestamps.</exception>
    /// <param name="series">The bars to write.</param>
    /// <param name="path">Destination file, conventionally ending in <c>.parquet</c>.</param>
    public static void Write(BarSeries series, string path) => WriteAsync(series, path).GetAwaiter().GetResult();

    /// <inheritdoc cref="Write"/>
    /// <param name="series">The bars to write.</param>
    /// <param name="path">Destination file, conventionally ending in <c>.parquet</c>.</param>
    /// <param name="cancellationToken">Cancels the write; the destination is then left untouched.</param>
    public static Task WriteAsync(BarSeries series, string path, CancellationToken cancellationToken = default) =>
        ParquetBarWriter.WriteAsync(series, path, cancellationToken);

    /// <summary>
    /// Reads bars written by <see cref="Write"/> or by another tool, matching columns like the CSV loader does
    /// (time/date/timestamp, open, high, low, close, optional volume and adj_close; any numeric type).
    /// The rows pass the same checks as CSV rows; in errors the line is the 1-based row number. The symbol is the
    /// file name without extension.
    /// </summary>
    /// <exception cref="DataException">The file is not Parquet, lacks a column, or has an invalid row.</exception>
    /// <exception cref="QuarryException">The file does not exist (<see cref="ErrorCode.NotFound"/>).</exception>
    /// <param name="path">The Parquet file.</param>
    public static BarSeries Read(string path) => ReadAsync(path).GetAwaiter().GetResult();

    /// <inheritdoc cref="Read"/>
    /// <param name="path">The Parquet file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<BarSeries> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        (await ParquetBarReader.ReadAsync(path, CsvOptions.Default, new ThrowingIssueSink(path), cancellationToken)
            .ConfigureAwait(false))!;
}
