using System.Data.Common;
using System.Globalization;
using Quarry.Storage;
using Quarry.Tracking.Search;
using Quarry.Tracking.Storage;

namespace Quarry.Server.Dashboard.Data;

/// <summary>The active runs of one experiment and the range of one metric's latest values over them.</summary>
/// <param name="Runs">Active runs.</param>
/// <param name="Min">The smallest finite latest value, or null when no run has one.</param>
/// <param name="Max">The largest finite latest value, or null when no run has one.</param>
internal sealed record ExperimentStats(long Runs, double? Min, double? Max);

/// <summary>One metric over an experiment's active runs (<see cref="DashboardQueries.MetricSummaryAsync"/>).</summary>
/// <param name="Runs">Active runs.</param>
/// <param name="WithMetric">Active runs with a finite latest value of the metric.</param>
/// <param name="Median">The median of those values, or null when there is none.</param>
/// <param name="Best">The best of them, or null.</param>
/// <param name="BestRunId">The run with the best value, or null.</param>
internal sealed record ExperimentMetricSummary(long Runs, long WithMetric, double? Median, double? Best, string? BestRunId);

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
internal sealed class DashboardQueries(string storeLocation, int walkRows = DashboardQueries.DefaultWalkRows) : IDisposable
{
    readonly Lazy<IConnectionFactory> _factory = new(() => ConnectionFactory.Create(storeLocation));

    IConnectionFactory Factory => _factory.Value;

    /// <summary>
    /// Per experiment id: active runs and the range of <paramref name="metric"/>'s finite latest values. The run counts
    /// come from the runs' experiment index. The ranges come from walking the metric's (key, value) index from each end,
    /// which meets every experiment's extreme after a few rows per experiment; an experiment not met within the walk's
    /// first rows (50 per experiment, between 1,000 and <c>walkRows</c>, <see cref="DefaultWalkRows"/>; its runs lack the
    /// metric or hold few of its values) is computed from its own runs.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, ExperimentStats>> ExperimentStatsAsync(string? metric, CancellationToken ct)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var c = await Factory.OpenAsync(ct).ConfigureAwait(false);
        await using (var cmd = c.Sql("SELECT experiment_id, COUNT(*) FROM runs WHERE lifecycle_stage = 'active' GROUP BY experiment_id"))
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await r.ReadAsync(ct).ConfigureAwait(false)) counts[Id(r, 0)] = Long(r, 1);
        var min = new Dictionary<string, double>(StringComparer.Ordinal);
        var max = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(metric))
        {
            // A short LIMIT lets PostgreSQL plan an index walk instead of joining and sorting every value; about 50 rows per
            // experiment meet almost every experiment's extreme, and the few left over are computed one by one.
            int cap = Math.Clamp(50 * counts.Count, Math.Min(1000, walkRows), walkRows);
            await WalkAsync(c, metric, descending: true, counts.Keys, max, cap, ct).ConfigureAwait(false);
            await WalkAsync(c, metric, descending: false, counts.Keys, min, cap, ct).ConfigureAwait(false);
            foreach (var id in counts.Keys.Where(id => !min.ContainsKey(id) || !max.ContainsKey(id)).ToList())
                await RangeOfAsync(c, metric, id, min, max, ct).ConfigureAwait(false);
        }
        return counts.ToDictionary(kv => kv.Key, kv => new ExperimentStats(kv.Value,
            min.TryGetValue(kv.Key, out var lo) ? lo : null, max.TryGetValue(kv.Key, out var hi) ? hi : null), StringComparer.Ordinal);
    }

    /// <summary>How many index rows a walk reads at most before the remaining experiments are computed one by one.</summary>
    public const int DefaultWalkRows = 20_000;

    /// <summary>Reads the metric's values from one end until every experiment in <paramref name="wanted"/> has its first (extreme) value.</summary>
    static async Task WalkAsync(DbConnection c, string metric, bool descending, IEnumerable<string> wanted, Dictionary<string, double> found, int cap,
        CancellationToken ct)
    {
        var missing = wanted.ToHashSet(StringComparer.Ordinal);
        // CROSS JOIN keeps the metric index as the outer loop in SQLite, so rows arrive in value order without a sort.
        await using var cmd = c.Sql($"""
            SELECT r.experiment_id, m.value FROM latest_metrics m CROSS JOIN runs r
            WHERE m.key = @key AND m.is_nan = 0 AND r.run_uuid = m.run_uuid AND r.lifecycle_stage = 'active'
            ORDER BY m.value {(descending ? "DESC" : "ASC")} LIMIT @cap
            """).With("key", metric).With("cap", (long)cap);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (missing.Count > 0 && await r.ReadAsync(ct).ConfigureAwait(false))
        {
            string id = Id(r, 0);
            if (missing.Remove(id)) found[id] = r.GetDouble(1);
        }
    }

    /// <summary>The metric's range over one experiment's runs (driven by the runs' experiment index).</summary>
    static async Task RangeOfAsync(DbConnection c, string metric, string experimentId, Dictionary<string, double> min, Dictionary<string, double> max, CancellationToken ct)
    {
        await using var cmd = c.Sql("""
            SELECT MIN(m.value), MAX(m.value) FROM runs r CROSS JOIN latest_metrics m
            WHERE r.experiment_id = @experiment AND r.lifecycle_stage = 'active' AND m.run_uuid = r.run_uuid AND m.key = @key AND m.is_nan = 0
            """).With("experiment", long.Parse(experimentId, CultureInfo.InvariantCulture)).With("key", metric);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await r.ReadAsync(ct).ConfigureAwait(false) || r.IsDBNull(0)) return;
        min[experimentId] = r.GetDouble(0);
        max[experimentId] = r.GetDouble(1);
    }

    /// <summary>
    /// The ids of the <paramref name="max"/> most recently started active runs over <paramref name="experimentIds"/>
    /// (only FAILED ones with <paramref name="failedOnly"/>), newest first: the newest few of each experiment read backwards
    /// from its (experiment, stage, start_time) index and merged, where one ordered search would sort every run.
    /// </summary>
    public async Task<IReadOnlyList<string>> RecentRunIdsAsync(IReadOnlyList<string> experimentIds, int max, bool failedOnly, CancellationToken ct)
    {
        var keys = experimentIds.Select(id => long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out long k) ? k : -1).Where(k => k >= 0).ToList();
        var newest = new List<(string Id, long Start)>();
        await using var c = await Factory.OpenAsync(ct).ConfigureAwait(false);
        foreach (var chunk in keys.Chunk(100))
        {
            string one(int i) => $"SELECT * FROM (SELECT run_uuid, start_time FROM runs WHERE experiment_id = @e{i} AND lifecycle_stage = 'active'" +
                                 $"{(failedOnly ? " AND status = 'FAILED'" : "")} ORDER BY start_time DESC LIMIT @max) x{i}";
            await using var cmd = c.Sql(string.Join(" UNION ALL ", chunk.Select((_, i) => one(i)))).With("max", (long)max);
            for (int i = 0; i < chunk.Length; i++) cmd.With("e" + i.ToString(CultureInfo.InvariantCulture), chunk[i]);
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false)) newest.Add((r.GetString(0), r.GetInt64(1)));
        }
        return [.. newest.OrderByDescending(x => x.Start).ThenBy(x => x.Id, StringComparer.Ordinal).Take(max).Select(x => x.Id)];
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
        var sizes = await MetricHistoryReader.SizesAsync(c, null, runId, ct).ConfigureAwait(false);
        return [.. sizes.Select(s => new MetricHistoryInfo(s.Key, s.Points, s.MinStep, s.MaxStep))];
    }

    /// <summary>Feeds every point of a run's metric to <paramref name="sink"/> in the store's order (step, timestamp, value).</summary>
    public async Task StreamHistoryAsync(string runId, string key, MetricDownsampler sink, CancellationToken ct)
    {
        await using var c = await Factory.OpenAsync(ct).ConfigureAwait(false);
        var series = await MetricHistoryReader.ReadAsync(c, null, runId, key, ct).ConfigureAwait(false);
        for (int i = 0; i < series.Count; i++) sink.Add(series.Steps[i], series.Timestamps[i], series.Values[i]);
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

    /// <summary>
    /// <paramref name="key"/>'s finite latest values over one experiment's active runs: how many runs and how many of them
    /// have it, the median (the mean of the middle two for an even count) and the best value (<see cref="MetricDirection"/>)
    /// with the run holding it (the most recently started when several do). One pass driven by the runs' experiment index
    /// reads each value once (a run id only when it is the best so far); the median comes from sorting the values in memory
    /// (8 bytes a run).
    /// </summary>
    public async Task<ExperimentMetricSummary> MetricSummaryAsync(string experimentId, string key, CancellationToken ct)
    {
        long runs = await CountRunsAsync(experimentId, null, ct).ConfigureAwait(false);
        long experiment = long.Parse(experimentId, NumberStyles.None, CultureInfo.InvariantCulture);
        var values = new List<double>();
        double best = double.NaN;
        long bestStart = long.MinValue;
        string? bestRunId = null;
        await using var c = await Factory.OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = c.Sql("""
            SELECT m.value, r.start_time, r.run_uuid FROM runs r CROSS JOIN latest_metrics m
            WHERE r.experiment_id = @experiment AND r.lifecycle_stage = 'active' AND m.run_uuid = r.run_uuid AND m.key = @key AND m.is_nan = 0
            """).With("experiment", experiment).With("key", key);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            double v = r.GetDouble(0);
            if (!double.IsFinite(v)) continue;
            values.Add(v);
            long start = r.IsDBNull(1) ? 0 : r.GetInt64(1);
            if (bestRunId is null || MetricDirection.IsBetter(key, v, best) || (v.Equals(best) && start > bestStart))
                (best, bestStart, bestRunId) = (v, start, r.GetString(2));
        }
        if (values.Count == 0) return new ExperimentMetricSummary(runs, 0, null, null, null);
        var sorted = values.ToArray();
        Array.Sort(sorted);
        int mid = sorted.Length / 2;
        double median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new ExperimentMetricSummary(runs, sorted.Length, median, best, bestRunId);
    }

    static long Long(DbDataReader r, int i) => Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture);

    static string Id(DbDataReader r, int i) => Long(r, i).ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        if (_factory.IsValueCreated) _factory.Value.Dispose();
    }
}
