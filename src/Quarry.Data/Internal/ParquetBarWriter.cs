using Parquet;
using Parquet.Schema;
using Quarry.Core;

namespace Quarry.Data.Internal;

/// <summary>Writes bars to Parquet through a temporary file in the destination folder, renamed into place when complete.</summary>
internal static class ParquetBarWriter
{
    // TIMESTAMP(NANOS) holds int64 nanoseconds since 1970, so its range is narrower than DateTime's.
    static readonly DateTime MinTime = new(1677, 9, 22), MaxTime = new(2262, 4, 11);

    public static async Task WriteAsync(BarSeries series, string path, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        CheckWritable(series);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 65536, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                await WriteToAsync(series, stream, ct).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            ct.ThrowIfCancellationRequested();
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    static void CheckWritable(BarSeries series)
    {
        if (series.Count == 0)
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"Series '{series.Symbol}' has no bars, so there is nothing to write (fix: write a series with at least one bar).");
        if (series.Time[0] < MinTime || series.Time[^1] >= MaxTime)
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"Series '{series.Symbol}' spans {TimeText.Format(series.Time[0])}..{TimeText.Format(series.Time[^1])}, " +
                $"outside the range of Parquet nanosecond timestamps (fix: keep times between 1677-09-22 and 2262-04-10).");
    }

    static async Task WriteToAsync(BarSeries s, Stream stream, CancellationToken ct)
    {
        var time = new DateTimeDataField("time", DateTimeFormat.Timestamp, isAdjustedToUTC: false, DateTimeTimeUnit.Nanos);
        DataField<double> open = new("open"), high = new("high"), low = new("low"), close = new("close"), volume = new("volume");
        var adj = s.AdjClose is null ? null : new DataField<double>("adj_close");
        Field[] fields = adj is null ? [time, open, high, low, close, volume] : [time, open, high, low, close, volume, adj];
        var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, cancellationToken: ct).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            // Parquet.Net does not always observe the token, so check it between columns.
            ct.ThrowIfCancellationRequested();
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<DateTime>(time, Unspecified(s.Time), cancellationToken: ct).ConfigureAwait(false);
            await group.WriteAsync<double>(open, s.Open, cancellationToken: ct).ConfigureAwait(false);
            await group.WriteAsync<double>(high, s.High, cancellationToken: ct).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            await group.WriteAsync<double>(low, s.Low, cancellationToken: ct).ConfigureAwait(false);
            await group.WriteAsync<double>(close, s.Close, cancellationToken: ct).ConfigureAwait(false);
            await group.WriteAsync<double>(volume, s.Volume, cancellationToken: ct).ConfigureAwait(false);
            if (adj is not null) await group.WriteAsync<double>(adj, s.AdjClose, cancellationToken: ct).ConfigureAwait(false);
            group.CompleteValidate();
        }
    }

    // Parquet.Net converts Local-kind values to UTC; bar times are wall-clock times, so drop the kind first.
    static DateTime[] Unspecified(DateTime[] time)
    {
        var result = new DateTime[time.Length];
        for (int i = 0; i < time.Length; i++) result[i] = DateTime.SpecifyKind(time[i], DateTimeKind.Unspecified);
        return result;
    }
}
