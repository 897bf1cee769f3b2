using System.Data.Common;
using Quarry.Storage;
using Quarry.Tracking.Storage.Internal;

namespace Quarry.Tracking.Storage;

/// <summary>
/// Reads metric histories from a SQL tracking database (schema version 6 or later): the points logged since version 6,
/// stored as one block per key and log-batch in <c>metric_blocks</c>, together with the one-row-per-point history of
/// older versions in <c>metrics</c>.
/// </summary>
public static class MetricHistoryReader
{
    /// <summary>The history of <paramref name="key"/> of run <paramref name="runId"/> (empty when there is none).</summary>
    public static async Task<MetricSeries> ReadAsync(DbConnection connection, DbTransaction? transaction, string runId, string key,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var series = new MetricSeriesBuilder();
        await using (var rows = connection.Sql("SELECT step, timestamp, value, is_nan FROM metrics WHERE run_uuid = @run AND key = @key", transaction)
            .With("run", runId).With("key", key))
        await using (var r = await rows.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                series.Add(r.Long(0), r.Long(1), TrackingCodec.Load(r.Double(2), r.Long(3)));
        await using (var blocks = connection.Sql("SELECT data FROM metric_blocks WHERE run_uuid = @run AND key = @key", transaction)
            .With("run", runId).With("key", key))
        await using (var r = await blocks.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                MetricBlock.Decode(r.GetFieldValue<byte[]>(0), series, runId, key);
        return series.Build();
    }

    /// <summary>
    /// Each metric key of run <paramref name="runId"/> with its number of points and step range, by key. The count is
    /// of points as logged: a point logged again in a later batch (a retried request) counts twice here, and once in
    /// <see cref="ReadAsync"/>.
    /// </summary>
    public static async Task<IReadOnlyList<MetricHistorySize>> SizesAsync(DbConnection connection, DbTransaction? transaction, string runId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return await connection.Sql("""
            SELECT key, SUM(points), MIN(min_step), MAX(max_step) FROM (
                SELECT key, COUNT(*) AS points, MIN(step) AS min_step, MAX(step) AS max_step FROM metrics WHERE run_uuid = @run GROUP BY key
                UNION ALL
                SELECT key, SUM(points), MIN(min_step), MAX(max_step) FROM metric_blocks WHERE run_uuid = @run GROUP BY key) s
            GROUP BY key ORDER BY key
            """, transaction).With("run", runId)
            .ListAsync(r => new MetricHistorySize(r.GetString(0), r.Long(1), r.Long(2), r.Long(3)), cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>A metric key of a run, how many points it has, and the range of their steps.</summary>
public sealed record MetricHistorySize(string Key, long Points, long MinStep, long MaxStep);
