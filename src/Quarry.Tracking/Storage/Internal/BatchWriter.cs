using System.Data;
using System.Data.Common;
using Quarry.Core;
using Quarry.Storage;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>Writes one validated log-batch inside the caller's transaction (which already holds the run's row lock).</summary>
internal static class BatchWriter
{
    static readonly DbType[] LatestTypes = [DbType.String, DbType.String, DbType.Double, DbType.Int64, DbType.Int64, DbType.Int32];
    static readonly DbType[] BlockTypes = [DbType.String, DbType.String, DbType.Int64, DbType.Int64, DbType.Int64, DbType.Binary, DbType.Int64];
    static readonly DbType[] KeyValueTypes = [DbType.String, DbType.String, DbType.String];
    static readonly DbType[] ModelMetricTypes = [DbType.String, DbType.String, DbType.String, DbType.Double, DbType.Int64, DbType.Int64, DbType.Int32];

    /// <summary>
    /// Writes a validated log-batch of <paramref name="runId"/> in <paramref name="tx"/>; <paramref name="metricRows"/> are
    /// <see cref="MetricRows"/> of <paramref name="metrics"/>, built by the caller before the write (on SQLite, off the
    /// one writer thread: encoding the blocks was a sixth of its time for 500-key batches).
    /// </summary>
    public static async Task WriteAsync(DbConnection c, DbTransaction tx, string runId, IReadOnlyList<Metric> metrics,
        (List<object?[]> Blocks, List<object?[]> Latest) metricRows, IReadOnlyList<Param> @params, IReadOnlyList<RunTag> tags, CancellationToken ct)
    {
        await WriteMetricsAsync(c, tx, runId, metrics, metricRows, ct).ConfigureAwait(false);
        await WriteParamsAsync(c, tx, runId, @params, ct).ConfigureAwait(false);
        await WriteTagsAsync(c, tx, runId, tags, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The head of the metric history insert: one block per key (<see cref="MetricBlock"/>) with the time it was
    /// stored, which orders a run's blocks in the index; no tail.
    /// </summary>
    public const string BlocksHead = "INSERT INTO metric_blocks (run_uuid, key, points, min_step, max_step, data, logged_at)";

    /// <summary>The head of the <c>latest_metrics</c> upsert.</summary>
    public const string LatestHead = "INSERT INTO latest_metrics (run_uuid, key, value, timestamp, step, is_nan)";

    /// <summary>The tail of the <c>latest_metrics</c> upsert: a point replaces the latest one when it is later (step, timestamp, value).</summary>
    public const string LatestTail = """
        ON CONFLICT (run_uuid, key) DO UPDATE SET value = excluded.value, timestamp = excluded.timestamp,
            step = excluded.step, is_nan = excluded.is_nan
        WHERE excluded.step > latest_metrics.step
           OR (excluded.step = latest_metrics.step AND (excluded.timestamp > latest_metrics.timestamp
               OR (excluded.timestamp = latest_metrics.timestamp AND excluded.value > latest_metrics.value)))
        """;

    /// <summary>The head and tail of the tags upsert (the last value wins).</summary>
    public const string TagsHead = "INSERT INTO tags (run_uuid, key, value)", TagsTail = "ON CONFLICT (run_uuid, key) DO UPDATE SET value = excluded.value";

    /// <summary>The column types of <see cref="LatestHead"/> rows.</summary>
    public static DbType[] LatestColumns => LatestTypes;

    /// <summary>The column types of <see cref="BlocksHead"/> rows.</summary>
    public static DbType[] BlockColumns => BlockTypes;

    /// <summary>The column types of params and tags rows (owner, key, value).</summary>
    public static DbType[] KeyValueColumns => KeyValueTypes;

    static async Task WriteMetricsAsync(DbConnection c, DbTransaction tx, string runId, IReadOnlyList<Metric> metrics,
        (List<object?[]> Blocks, List<object?[]> Latest) rows, CancellationToken ct)
    {
        if (metrics.Count == 0) return;
        await WriteModelMetricsAsync(c, tx, runId, metrics, ct).ConfigureAwait(false);
        var (blocks, latest) = rows;
        await MultiRowInsert.RunAsync(c, tx, BlocksHead, "", BlockTypes, blocks, ct).ConfigureAwait(false);
        await MultiRowInsert.RunAsync(c, tx, LatestHead, LatestTail, LatestTypes, latest, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The rows of <paramref name="metrics"/> for the history, one block per key with each distinct point once
    /// (<c>run, key, points, min_step, max_step, data, logged_at</c>: now, in milliseconds since the epoch), and for
    /// <c>latest_metrics</c>, the latest point of each key (<c>run, key, value, timestamp, step, is_nan</c>).
    /// </summary>
    public static (List<object?[]> Blocks, List<object?[]> Latest) MetricRows(string runId, IReadOnlyList<Metric> metrics)
    {
        var seen = new HashSet<(string, double, long, long)>(metrics.Count);
        var byKey = new Dictionary<string, List<Metric>>(StringComparer.Ordinal);
        var latest = new Dictionary<string, Metric>(StringComparer.Ordinal);
        foreach (var m in metrics)
        {
            double value = double.IsNaN(m.Value) ? double.NaN : m.Value;
            if (!seen.Add((m.Key, value, m.Timestamp, m.Step))) continue;
            if (!byKey.TryGetValue(m.Key, out var points)) byKey[m.Key] = points = [];
            points.Add(m);
            if (!latest.TryGetValue(m.Key, out var best) || IsLater(m, best)) latest[m.Key] = m;
        }
        var blocks = new List<object?[]>(byKey.Count);
        long loggedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var (key, points) in byKey) blocks.Add(BlockRow(runId, key, points, loggedAt));
        var latestRows = new List<object?[]>(latest.Count);
        foreach (var m in latest.Values)
        {
            var (value, isNan) = TrackingCodec.Store(m.Value);
            latestRows.Add([runId, m.Key, value, m.Timestamp, m.Step, isNan]);
        }
        return (blocks, latestRows);
    }

    static object?[] BlockRow(string runId, string key, List<Metric> points, long loggedAt)
    {
        var steps = new long[points.Count];
        var timestamps = new long[points.Count];
        var values = new double[points.Count];
        long minStep = long.MaxValue, maxStep = long.MinValue;
        for (int i = 0; i < points.Count; i++)
        {
            (steps[i], timestamps[i], values[i]) = (points[i].Step, points[i].Timestamp, points[i].Value);
            minStep = Math.Min(minStep, steps[i]);
            maxStep = Math.Max(maxStep, steps[i]);
        }
        return [runId, key, (long)points.Count, minStep, maxStep, MetricBlock.Encode(steps, timestamps, values), loggedAt];
    }

    /// <summary>Links the points logged with a model id to their (active) logged models; NotFound for an unknown model.</summary>
    static async Task WriteModelMetricsAsync(DbConnection c, DbTransaction tx, string runId, IReadOnlyList<Metric> metrics, CancellationToken ct)
    {
        var linked = metrics.Where(m => !string.IsNullOrEmpty(m.ModelId)).ToList();
        if (linked.Count == 0) return;
        await LoggedModelRules.RequireActiveAsync(c, tx, [.. linked.Select(m => m.ModelId!)], ct).ConfigureAwait(false);
        var rows = linked.Select(m =>
        {
            var (value, isNan) = TrackingCodec.Store(m.Value);
            return new object?[] { m.ModelId, runId, m.Key, value, m.Timestamp, m.Step, isNan };
        }).ToList();
        await MultiRowInsert.RunAsync(c, tx, "INSERT INTO logged_model_metrics (model_id, run_uuid, key, value, timestamp, step, is_nan)",
            "ON CONFLICT DO NOTHING", ModelMetricTypes, rows, ct).ConfigureAwait(false);
    }

    // (step, timestamp, stored value) ordering, as MLflow's latest_metrics (NaN is stored as 0).
    static bool IsLater(Metric a, Metric b) =>
        a.Step != b.Step ? a.Step > b.Step
        : a.Timestamp != b.Timestamp ? a.Timestamp > b.Timestamp
        : TrackingCodec.Store(a.Value).Value > TrackingCodec.Store(b.Value).Value;

    static Task WriteParamsAsync(DbConnection c, DbTransaction tx, string runId, IReadOnlyList<Param> @params, CancellationToken ct) =>
        WriteOnceParamsAsync(c, tx, "params", "run_uuid", runId, "run ID", @params, ct);

    /// <summary>
    /// Inserts write-once params into <paramref name="table"/> (<c>owner, key, value</c>) for <paramref name="ownerId"/>:
    /// a key already logged with the same value is skipped, with another value it is InvalidParameter (nothing written).
    /// </summary>
    public static async Task WriteOnceParamsAsync(DbConnection c, DbTransaction tx, string table, string ownerColumn, string ownerId,
        string ownerName, IReadOnlyList<Param> @params, CancellationToken ct)
    {
        if (@params.Count == 0) return;
        var wanted = WantedParams(@params);
        var rows = ParamRows(ownerId, wanted);
        int inserted = await MultiRowInsert.RunAsync(c, tx, $"INSERT INTO {table} ({ownerColumn}, key, value)", "ON CONFLICT DO NOTHING",
            KeyValueTypes, rows, ct).ConfigureAwait(false);
        // Usually every key is new and that is all. Otherwise some were logged before: each must hold the same value
        // (a different one throws, and the caller's transaction takes back what was just inserted). Only the batch's
        // keys are read (at most MaxParams), so the cost does not grow with the params the owner already holds.
        if (inserted < rows.Count) await CheckLoggedParamsAsync(c, tx, table, ownerColumn, ownerId, ownerName, wanted, ct).ConfigureAwait(false);
    }

    /// <summary>Each param key with its value; InvalidParameter when one key comes with two values.</summary>
    public static Dictionary<string, string> WantedParams(IReadOnlyList<Param> @params)
    {
        var wanted = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in @params)
        {
            if (wanted.TryGetValue(p.Key, out var other) && other != p.Value)
                throw BatchValidator.Invalid($"Duplicate parameter keys have been submitted: '{p.Key}' with values '{other}' and '{p.Value}'.");
            wanted[p.Key] = p.Value;
        }
        return wanted;
    }

    /// <summary>Rows <c>owner, key, value</c>.</summary>
    public static List<object?[]> ParamRows(string ownerId, Dictionary<string, string> keyValues)
    {
        var rows = new List<object?[]>(keyValues.Count);
        foreach (var (key, value) in keyValues) rows.Add([ownerId, key, value]);
        return rows;
    }

    /// <summary>
    /// After an insert that skipped some of <paramref name="wanted"/>'s keys: InvalidParameter when one of them was
    /// logged before with another value.
    /// </summary>
    static async Task CheckLoggedParamsAsync(DbConnection c, DbTransaction tx, string table, string ownerColumn, string ownerId,
        string ownerName, Dictionary<string, string> wanted, CancellationToken ct)
    {
        var existing = await TrackingReader.InList(c.Sql($"SELECT key, value FROM {table} WHERE {ownerColumn} = @owner AND key IN ({{0}})", tx)
                .With("owner", ownerId), wanted.Keys.ToArray())
            .ListAsync(r => (Key: r.GetString(0), Value: r.GetString(1)), ct).ConfigureAwait(false);
        foreach (var (key, old) in existing)
        {
            if (wanted.TryGetValue(key, out var value) && value != old)
                throw BatchValidator.Invalid(
                    $"Changing param values is not allowed. Param with key='{key}' was already logged with value='{old}' for {ownerName}='{ownerId}'. " +
                    $"Attempted logging new value '{value}'.");
        }
    }

    /// <summary>Upserts <paramref name="tags"/> (the last value of a key wins) and renames the run when they set <c>mlflow.runName</c>.</summary>
    public static async Task WriteTagsAsync(DbConnection c, DbTransaction tx, string runId, IReadOnlyList<RunTag> tags, CancellationToken ct)
    {
        if (tags.Count == 0) return;
        var last = LastValues(tags);
        await UpsertTagsAsync(c, tx, runId, last, ct).ConfigureAwait(false);
        if (last.TryGetValue(TrackingCodec.RunNameTag, out var name))
            await c.Sql("UPDATE runs SET name = @name WHERE run_uuid = @run", tx).With("name", name).With("run", runId)
                .ExecAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The value each key ends with when <paramref name="tags"/> are applied in order (the last one wins).</summary>
    public static Dictionary<string, string> LastValues(IReadOnlyList<RunTag> tags)
    {
        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var t in tags) last[t.Key] = t.Value;
        return last;
    }

    /// <summary>Upserts tags as they are (no run-name handling: the caller keeps the run row in step).</summary>
    public static Task UpsertTagsAsync(DbConnection c, DbTransaction tx, string runId, Dictionary<string, string> tags, CancellationToken ct) =>
        MultiRowInsert.RunAsync(c, tx, TagsHead, TagsTail, KeyValueTypes, ParamRows(runId, tags), ct);

    /// <summary>
    /// Locks an active run for writing and stamps it as changed (<see cref="RunStamp"/>); returns its experiment's key.
    /// NotFound when unknown, InvalidState when deleted.
    /// </summary>
    public static async Task<long> LockActiveRunAsync(DbConnection c, DbTransaction tx, SqlDialect dialect, string runId, CancellationToken ct)
    {
        var (stage, experiment) = await LockRunAsync(c, tx, dialect, runId, ct).ConfigureAwait(false);
        RequireActive(runId, stage);
        return experiment;
    }

    /// <summary>InvalidState unless <paramref name="stage"/> is active.</summary>
    static void RequireActive(string runId, string stage)
    {
        if (stage != LifecycleStage.Active)
            throw new QuarryException(ErrorCode.InvalidState,
                $"The run {runId} must be in the 'active' state. Current state is {stage} (fix: restore the run first).");
    }

    /// <summary>The statement that locks and stamps the run bound as <c>@run</c>, returning its lifecycle stage and experiment's key.</summary>
    static string LockRunSql(SqlDialect dialect) =>
        $"UPDATE runs SET change_stamp = {RunStamp.NextStamp(dialect)} WHERE run_uuid = @run RETURNING lifecycle_stage, experiment_id";

    /// <summary>
    /// Locks a run (in any stage) by stamping it as changed (<see cref="RunStamp"/>: one statement does both, which on
    /// PostgreSQL saves the round trip of a separate stamp) and returns its lifecycle stage and experiment's key;
    /// NotFound when unknown.
    /// </summary>
    public static async Task<(string Stage, long ExperimentId)> LockRunAsync(DbConnection c, DbTransaction tx, SqlDialect dialect, string runId,
        CancellationToken ct)
    {
        var rows = await c.Sql(LockRunSql(dialect), tx)
            .With("run", runId)
            .ListAsync(r => (r.GetString(0), r.Long(1)), ct).ConfigureAwait(false);
        return rows.Count == 1 ? rows[0] : throw NoRun(runId);
    }

    public static QuarryException NoRun(string runId) => new(ErrorCode.NotFound, $"Run with id={runId} not found");
}
