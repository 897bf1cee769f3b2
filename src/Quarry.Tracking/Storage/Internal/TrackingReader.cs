using System.Data.Common;
using Quarry.Storage;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>Reads experiments and runs inside the caller's transaction.</summary>
internal static class TrackingReader
{
    const string ExperimentColumns = "experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time";
    const string RunColumns = "run_uuid, name, experiment_id, user_id, status, start_time, end_time, artifact_uri, lifecycle_stage";

    public static async Task<List<Experiment>> ExperimentsAsync(DbConnection c, DbTransaction tx, string where, Action<DbCommand> bind, CancellationToken ct)
    {
        var cmd = c.Sql($"SELECT {ExperimentColumns} FROM experiments {where} ORDER BY experiment_id", tx);
        bind(cmd);
        var rows = await cmd.ListAsync(r => (Id: r.Long(0), Name: r.GetString(1), Location: r.GetString(2), Stage: r.GetString(3),
            Created: r.Long(4), Updated: r.Long(5)), ct).ConfigureAwait(false);
        var result = new List<Experiment>(rows.Count);
        foreach (var e in rows)
        {
            var tags = await c.Sql("SELECT key, value FROM experiment_tags WHERE experiment_id = @id ORDER BY key", tx).With("id", e.Id)
                .ListAsync(r => KeyValuePair.Create(r.GetString(0), r.GetString(1)), ct).ConfigureAwait(false);
            result.Add(new Experiment(TrackingCodec.Id(e.Id), e.Name, e.Location, e.Stage, e.Created, e.Updated,
                new Dictionary<string, string>(tags, StringComparer.Ordinal)));
        }
        return result;
    }

    public static async Task<RunInfo?> RunInfoAsync(DbConnection c, DbTransaction tx, string runId, CancellationToken ct)
    {
        var rows = await c.Sql($"SELECT {RunColumns} FROM runs WHERE run_uuid = @run", tx).With("run", runId)
            .ListAsync(r => new RunInfo(r.GetString(0), r.GetString(1), TrackingCodec.Id(r.Long(2)), r.GetString(3),
                TrackingCodec.Status(r.GetString(4)), r.Long(5), r.NullableLong(6), r.GetString(7), r.GetString(8)), ct).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public static async Task<Run?> RunAsync(DbConnection c, DbTransaction tx, string runId, CancellationToken ct)
    {
        if (await RunInfoAsync(c, tx, runId, ct).ConfigureAwait(false) is not { } info) return null;
        var metrics = await c.Sql("SELECT key, value, is_nan, timestamp, step FROM latest_metrics WHERE run_uuid = @run ORDER BY key", tx)
            .With("run", runId).ListAsync(ReadMetric, ct).ConfigureAwait(false);
        var @params = await c.Sql("SELECT key, value FROM params WHERE run_uuid = @run ORDER BY key", tx).With("run", runId)
            .ListAsync(r => new Param(r.GetString(0), r.GetString(1)), ct).ConfigureAwait(false);
        var tags = await c.Sql("SELECT key, value FROM tags WHERE run_uuid = @run ORDER BY key", tx).With("run", runId)
            .ListAsync(r => new RunTag(r.GetString(0), r.GetString(1)), ct).ConfigureAwait(false);
        return new Run(info, new RunData(metrics, @params, tags));
    }

    public static Metric ReadMetric(DbDataReader r) =>
        new(r.GetString(0), TrackingCodec.Load(r.Double(1), r.Long(2)), r.Long(3), r.Long(4));
}
