using System.Data.Common;
using Quarry.Storage;
using Quarry.Tracking.Storage.Internal;

namespace Quarry.Tracking.Search.Index;

/// <summary>Reads, inside the caller's (snapshot) transaction, what an <see cref="ExperimentIndex"/> holds: all of an experiment's runs or those stamped since a version.</summary>
internal static class IndexLoader
{
    /// <summary>The experiment's version in this snapshot; null when the experiment does not exist (any more).</summary>
    public static async Task<IndexVersion?> VersionAsync(DbConnection c, DbTransaction tx, SqlDialect dialect, long experiment, CancellationToken ct)
    {
        bool postgres = dialect.Kind == StoreKind.PostgreSql;
        string sql = postgres
            ? "SELECT change_generation, pg_current_snapshot()::text FROM experiments WHERE experiment_id = @e"
            : "SELECT e.change_generation, (SELECT COALESCE(MAX(r.change_stamp), 0) FROM runs r WHERE r.experiment_id = @e) FROM experiments e WHERE e.experiment_id = @e";
        var rows = await c.Sql(sql, tx).With("e", experiment)
            .ListAsync(r => postgres
                ? new IndexVersion(r.Long(0), 0, PgSnapshot.Parse(r.GetString(1)))
                : new IndexVersion(r.Long(0), r.Long(1), null), ct).ConfigureAwait(false);
        return rows.Count == 1 ? rows[0] : null;
    }

    /// <summary>The experiment's number of runs (all stages), counting no further than <paramref name="limit"/>.</summary>
    public static async Task<long> CountRunsAsync(DbConnection c, DbTransaction tx, long experiment, long limit, CancellationToken ct)
    {
        object? n = await c.Sql("SELECT COUNT(*) FROM (SELECT 1 FROM runs WHERE experiment_id = @e LIMIT @n) q", tx)
            .With("e", experiment).With("n", limit).ScalarAsync(ct).ConfigureAwait(false);
        return Convert.ToInt64(n, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A new index of every run of the experiment.</summary>
    public static async Task<ExperimentIndex> BuildAsync(DbConnection c, DbTransaction tx, long experiment, CancellationToken ct)
    {
        var index = new ExperimentIndex();
        await LoadAsync(c, tx, index, "r.experiment_id = @e", experiment, null, ct).ConfigureAwait(false);
        return index;
    }

    /// <summary>
    /// Re-reads into <paramref name="index"/> the runs stamped at or after <paramref name="fromStamp"/>; false (index
    /// unchanged) when there are more than <paramref name="maxRuns"/> of them, which a rebuild reads faster.
    /// </summary>
    public static Task<bool> UpdateAsync(DbConnection c, DbTransaction tx, ExperimentIndex index, long experiment, long fromStamp, long maxRuns,
        CancellationToken ct) =>
        LoadAsync(c, tx, index, "r.experiment_id = @e AND r.change_stamp >= @s", experiment, (fromStamp, maxRuns), ct);

    static async Task<bool> LoadAsync(DbConnection c, DbTransaction tx, ExperimentIndex index, string where, long experiment,
        (long From, long MaxRuns)? delta, CancellationToken ct)
    {
        DbCommand Query(string sql)
        {
            var cmd = c.Sql(sql + " WHERE " + where, tx).With("e", experiment);
            if (delta is { } d) cmd.With("s", d.From);
            return cmd;
        }
        var runs = await Query("SELECT r.run_uuid, r.name, r.user_id, r.status, r.start_time, r.end_time, r.artifact_uri, r.lifecycle_stage FROM runs r")
            .ListAsync(r => new IndexedRun(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.Long(4), r.NullableLong(5),
                r.GetString(6), r.GetString(7) != LifecycleStage.Active), ct).ConfigureAwait(false);
        if (delta is { } limit && runs.Count > limit.MaxRuns) return false;
        if (runs.Count == 0) return true;
        var rows = new Dictionary<string, int>(runs.Count, StringComparer.Ordinal);
        foreach (var run in runs) rows[run.RunId] = index.Upsert(run);
        await ReadAsync(Query("SELECT m.run_uuid, m.key, m.value, m.is_nan, m.timestamp, m.step FROM latest_metrics m JOIN runs r ON r.run_uuid = m.run_uuid"),
            r => index.SetMetric(rows[r.GetString(0)], r.GetString(1), TrackingCodec.Load(r.Double(2), r.Long(3)), r.Long(4), r.Long(5)), ct).ConfigureAwait(false);
        await ReadAsync(Query("SELECT p.run_uuid, p.key, p.value FROM params p JOIN runs r ON r.run_uuid = p.run_uuid"),
            r => index.SetParam(rows[r.GetString(0)], r.GetString(1), r.GetString(2)), ct).ConfigureAwait(false);
        await ReadAsync(Query("SELECT t.run_uuid, t.key, t.value FROM tags t JOIN runs r ON r.run_uuid = t.run_uuid"),
            r => index.SetTag(rows[r.GetString(0)], r.GetString(1), r.GetString(2)), ct).ConfigureAwait(false);
        await ReadAsync(Query(LinkedRuns), r => index.SetHasLinks(rows[r.GetString(0)]), ct).ConfigureAwait(false);
        return true;
    }

    // Runs with dataset inputs or logged-model links: the index answers without them, so such runs are read by SQL.
    const string LinkedRuns = """
        SELECT DISTINCT x.run_uuid FROM (SELECT run_uuid FROM run_inputs UNION ALL SELECT run_uuid FROM run_model_inputs
        UNION ALL SELECT run_uuid FROM run_model_outputs) x JOIN runs r ON r.run_uuid = x.run_uuid
        """;

    static async Task ReadAsync(DbCommand command, Action<DbDataReader> read, CancellationToken ct)
    {
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false)) read(reader);
            }
        }
    }
}
