using Npgsql;
using Quarry.Storage;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>
/// A log-batch on PostgreSQL in one round trip: the run's lock and stamp, the metric blocks, the latest values, the
/// params, the tags and a rename go to the server as one <see cref="NpgsqlBatch"/>, which the server runs as one
/// implicit transaction (no BEGIN, no COMMIT round trip; a failing statement rolls back them all). Every statement
/// only writes for an active run. A param already stored with the same value is skipped; with another value its row
/// violates the primary key, and the whole batch is rolled back. In both cases (a run that is not active, a param
/// that differs) nothing is written and <see cref="TryWriteAsync"/> returns false: the caller then writes the batch
/// the long way (<see cref="BatchWriter.LockActiveRunAsync"/>, <see cref="BatchWriter.WriteAsync"/> in a
/// transaction), which reports MLflow's error, or succeeds if the run changed meanwhile.
/// </summary>
internal static class PostgresLogBatch
{
    const string ActiveRun = "EXISTS (SELECT 1 FROM runs WHERE run_uuid = @run AND lifecycle_stage = 'active')";

    // Rows of (run_uuid, key, value) whose key is not stored with this value (a key stored with another value is left
    // in, to fail on the primary key).
    const string NotLoggedAlready = "NOT EXISTS (SELECT 1 FROM params p WHERE p.run_uuid = v.c0 AND p.key = v.c1 AND p.value = v.c2)";

    static readonly string LockActiveRun =
        $"UPDATE runs SET change_stamp = {RunStamp.NextStamp(SqlDialect.PostgreSql)} WHERE run_uuid = @run AND lifecycle_stage = 'active' RETURNING 1";

    /// <summary>
    /// Whether the batch can take this path: not when points are linked to logged models (they need their own checks
    /// first), nor when a param key comes twice with two values (an error that must come after the run's NotFound).
    /// </summary>
    public static bool Handles(IReadOnlyList<Metric> metrics, IReadOnlyList<Param> @params)
    {
        foreach (var m in metrics) if (!string.IsNullOrEmpty(m.ModelId)) return false;
        if (@params.Count < 2) return true;
        var values = new Dictionary<string, string>(@params.Count, StringComparer.Ordinal);
        foreach (var p in @params)
            if (!values.TryAdd(p.Key, p.Value) && values[p.Key] != p.Value) return false;
        return true;
    }

    /// <summary>
    /// Writes the validated batch for <paramref name="runId"/> outside any transaction (the batch is one); false, with
    /// nothing written, when the run is not active or a param is stored with another value.
    /// </summary>
    public static async Task<bool> TryWriteAsync(NpgsqlConnection c, string runId, IReadOnlyList<Metric> metrics,
        IReadOnlyList<Param> @params, IReadOnlyList<RunTag> tags, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(c);
        batch.BatchCommands.Add(WithRun(new NpgsqlBatchCommand(LockActiveRun), runId));
        if (metrics.Count > 0)
        {
            var (blocks, latest) = BatchWriter.MetricRows(runId, metrics);
            batch.BatchCommands.Add(Guarded(BatchWriter.BlocksHead, "", BatchWriter.BlockColumns, blocks, runId, ActiveRun));
            batch.BatchCommands.Add(Guarded(BatchWriter.LatestHead, BatchWriter.LatestTail, BatchWriter.LatestColumns, latest, runId, ActiveRun));
        }
        if (@params.Count > 0)
            batch.BatchCommands.Add(Guarded("INSERT INTO params (run_uuid, key, value)", "", BatchWriter.KeyValueColumns,
                BatchWriter.ParamRows(runId, BatchWriter.WantedParams(@params)), runId, $"{ActiveRun} AND {NotLoggedAlready}"));
        if (tags.Count > 0)
        {
            var last = BatchWriter.LastValues(tags);
            batch.BatchCommands.Add(Guarded(BatchWriter.TagsHead, BatchWriter.TagsTail, BatchWriter.KeyValueColumns, BatchWriter.ParamRows(runId, last),
                runId, ActiveRun));
            if (last.TryGetValue(TrackingCodec.RunNameTag, out var name))
            {
                var rename = WithRun(new NpgsqlBatchCommand("UPDATE runs SET name = @name WHERE run_uuid = @run AND lifecycle_stage = 'active'"), runId);
                rename.Parameters.AddWithValue("name", name);
                batch.BatchCommands.Add(rename);
            }
        }

        try
        {
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            return await reader.ReadAsync(ct).ConfigureAwait(false);
        }
        catch (PostgresException e) when (SqlDialect.PostgreSql.IsUniqueViolation(e))
        {
            return false;
        }
    }

    static NpgsqlBatchCommand Guarded(string head, string tail, System.Data.DbType[] types, IReadOnlyList<object?[]> rows, string runId,
        string guard) =>
        WithRun(MultiRowInsert.UnnestCommand(head, tail, types, rows, guard), runId);

    static NpgsqlBatchCommand WithRun(NpgsqlBatchCommand command, string runId)
    {
        command.Parameters.AddWithValue("run", runId);
        return command;
    }
}
