using System.Data.Common;
using System.Globalization;
using Quarry.Storage;
using Quarry.Tracking.Search;

namespace Quarry.Server.Dashboard.Data;

/// <summary>The active runs of one experiment and the range of one metric's latest values over them.</summary>
/// <param name="Runs">Active runs.</param>
/// <param name="MetricRuns">Runs with a finite latest value of the metric.</param>
/// <param name="Min">The smallest latest value, or null when no run has one.</param>
/// <param name="Max">The largest latest value, or null when no run has one.</param>
internal sealed record ExperimentStats(long Runs, long MetricRuns, double? Min, double? Max);

/// <summary>One metric key of a run with the size and step range of its history.</summary>
/// <param name="Key">The metric key.</param>
/// <param name="Points">Logged points.</param>
/// <param name="MinStep">The smallest step.</param>
/// <param name="MaxStep">The largest step.</param>
internal sealed record MetricHistoryInfo(string Key, long Points, long MinStep, long MaxStep);

/// <summary>
/// The aggregate reads the dashboard needs and neither <see cref="Quarry.Tracking.ITrackingStore"/> nor the API's
/// <see cref="Quarry.Server.Api.RunQueries"/> offer (per-experiment run counts and metric ranges, filtered counts, streamed metric
/// histories), as read-only SQL over the tracking schema
/// on the server's store. Every query is one indexed statement whose cost does not depend on the number of columns, and
/// none returns rows per run except <see cref="StreamHistoryAsync"/>. Uses its own connection pool; thread-safe.
/// </summary>
internal sealed class DashboardQueries(string storeLocation) : IDisposable
{
    readonly Lazy<IConnectionFactory> _factory = new(() => ConnectionFactory.Create(storeLocation));

    IConnectionFactory Factory => _factory.Value;

    /// <summary>Per experiment id: active runs and the range of <paramref name="metric"/>'s finite latest values.</summary>
    public async Task<IReadOnlyDictionary<string, ExperimentStats>> ExperimentStatsAsync(string? metric, CancellationToken ct)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var ranges = new Dictionary<string, (long N, double Min, double Max)>(StringComparer.Ordinal);
        await using var c = await Factory.OpenAsync(ct).ConfigureAwait(false);
        await using (var cmd = c.Sql("SELECT experiment_id, COUNT(*) FROM runs WHERE lifecycle_stage = 'active' GROUP BY experiment_id"))
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await r.ReadAsync(ct).ConfigureAwait(false)) counts[Id(r, 0)] = Long(r, 1);
        if (!string.IsNullOrEmpty(metric))
        {
            await using var cmd = c.Sql("""
                SELECT r.experiment_id, COUNT(*), MIN(m.value), MAX(m.value)
                FROM latest_metrics m JOIN runs r ON r.run_uuid = m.run_uuid
                WHERE m.key = @key AND m.is_nan = 0 AND r.lifecycle_stage = 'active'
                GROUP BY r.experiment_id
                """).With("key", metric);
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false)) ranges[Id(r, 0)] = (Long(r, 1), r.GetDouble(2), r.GetDouble(3));
        }
        return counts.ToDictionary(kv => kv.Key, kv => ranges.TryGetValue(kv.Key, out var m)
            ? new ExperimentStats(kv.Value, m.N, m.Min, m.Max)
            : new ExperimentStats(kv.Value, 0, null, null), StringComparer.Ordinal);
    }

    /// <summary>
    /// How many active runs of <paramref name="experimentId"/> match <paramref name="filter"/> (an MLflow runs filter,
    /// compiled exactly as the store's search compiles it). Throws the parser's InvalidParameter for a bad filter.
    /// </summary>
    public async Task<long> CountRunsAsync(string experimentId, string? filter, CancellationToken ct)
    {
        var query = SqlSearchCompiler.Compile(SearchFilter.Parse(filter), [], Factory.Dialect, "r");
        if (!long.TryParse(experimentId, NumberStyles.None, CultureInfo.InvariantCulture, out long key)) return 0;
        await using var c = await Factory.OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = c.Sql($"SELECT COUNT(*) FROM runs r WHERE r.experiment_id = @q_experiment AND r.lifecycle_stage = 'active' AND ({query.Where})")
            .With("q_experiment", key);
        foreach (var (name, value) in query.Parameters)
        {
            _ = value switch
            {
                string s => cmd.With(name, s),
                double d => cmd.With(name, (double?)d),
                long l => cmd.With(name, l),
                _ => throw new InvalidOperationException($"Unsupported search parameter type {value.GetType().Name}."),
            };
        }
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <summary>The metric keys of a run with their history sizes, by key.</summary>
    public async Task<IReadOnlyList<MetricHistoryInfo>> HistoryInfoAsync(string runId, CancellationToken ct)
    {
        await using var c = await Factory.OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = c.Sql("SELECT key, COUNT(*), MIN(step), MAX(step) FROM metrics WHERE run_uuid = @run GROUP BY key ORDER BY key")
            .With("run", runId);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var keys = new List<MetricHistoryInfo>();
        while (await r.ReadAsync(ct).ConfigureAwait(false)) keys.Add(new MetricHistoryInfo(r.GetString(0), Long(r, 1), Long(r, 2), Long(r, 3)));
        return keys;
    }

    /// <summary>Feeds every point of a run's metric to <paramref name="sink"/> in (step, timestamp) order without materialising the history.</summary>
    public async Task StreamHistoryAsync(string runId, string key, MetricDownsampler sink, CancellationToken ct)
    {
        await using var c = await Factory.OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = c.Sql("""
            SELECT step, timestamp, value, is_nan FROM metrics WHERE run_uuid = @run AND key = @key ORDER BY step, timestamp, value, is_nan
            """).With("run", runId).With("key", key);
        // The order is the primary key's (run_uuid, key, step, timestamp, value, is_nan), so the rows stream from the index unsorted.
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            sink.Add(r.GetInt64(0), r.GetInt64(1), r.GetInt64(3) != 0 ? double.NaN : r.GetDouble(2));
    }

    /// <summary>
    /// The active child runs of <paramref name="parentRunId"/> (tag <c>mlflow.parentRunId</c>), oldest first, at most
    /// <paramref name="max"/>, and how many there are: two lookups in the tags' (key, value) index, where a search
    /// filter on the tag would test every run of the experiment.
    /// </summary>
    public async Task<(IReadOnlyList<string> RunIds, long Total)> ChildRunsAsync(string parentRunId, int max, CancellationToken ct)
    {
        await using var c = await Factory.OpenAsync(ct).ConfigureAwait(false);
        const string from = """
            FROM tags t JOIN runs r ON r.run_uuid = t.run_uuid
            WHERE t.key = 'mlflow.parentRunId' AND t.value = @parent AND r.lifecycle_stage = 'active'
            """;
        var ids = new List<string>();
        await using (var cmd = c.Sql($"SELECT r.run_uuid {from} ORDER BY r.start_time, r.run_uuid LIMIT @max").With("parent", parentRunId).With("max", (long)max))
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await r.ReadAsync(ct).ConfigureAwait(false)) ids.Add(r.GetString(0));
        await using var count = c.Sql($"SELECT COUNT(*) {from}").With("parent", parentRunId);
        return (ids, Convert.ToInt64(await count.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture));
    }

    static long Long(DbDataReader r, int i) => Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture);

    static string Id(DbDataReader r, int i) => Long(r, i).ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        if (_factory.IsValueCreated) _factory.Value.Dispose();
    }
}
