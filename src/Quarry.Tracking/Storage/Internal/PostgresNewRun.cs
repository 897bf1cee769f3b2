using Npgsql;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>
/// A new run on PostgreSQL in one round trip: the experiment's shared lock and check, the run's row (its artifact URI
/// derived from the experiment's location in SQL) and its tags go to the server as one <see cref="NpgsqlBatch"/>, which
/// the server runs as one implicit transaction (no BEGIN, no COMMIT round trip). The inserts only happen for an active
/// experiment, so an unknown or deleted one is NotFound / InvalidState with nothing written, as when the experiment is
/// checked first.
/// </summary>
internal static class PostgresNewRun
{
    const string InsertRun = """
        INSERT INTO runs (run_uuid, name, experiment_id, user_id, status, start_time, end_time, lifecycle_stage, artifact_uri, change_stamp)
        SELECT @run, @name, experiment_id, @user, 'RUNNING', @start, NULL, 'active', rtrim(artifact_location, '/') || '/' || @run || '/artifacts',
            pg_current_xact_id()::text::bigint
        FROM experiments WHERE experiment_id = @experiment AND lifecycle_stage = 'active'
        RETURNING artifact_uri
        """;

    /// <summary>Inserts the run with <paramref name="tags"/> (outside any transaction: the batch is one) and returns its artifact URI.</summary>
    public static async Task<string> InsertAsync(NpgsqlConnection c, long experiment, string runId, string name,
        string userId, long startTime, Dictionary<string, string> tags, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(c);
        var check = new NpgsqlBatchCommand("SELECT lifecycle_stage FROM experiments WHERE experiment_id = @experiment FOR SHARE");
        check.Parameters.AddWithValue("experiment", experiment);
        batch.BatchCommands.Add(check);
        var insert = new NpgsqlBatchCommand(InsertRun);
        insert.Parameters.AddWithValue("run", runId);
        insert.Parameters.AddWithValue("name", name);
        insert.Parameters.AddWithValue("user", userId);
        insert.Parameters.AddWithValue("start", startTime);
        insert.Parameters.AddWithValue("experiment", experiment);
        batch.BatchCommands.Add(insert);
        var tagRows = MultiRowInsert.UnnestCommand(BatchWriter.TagsHead, BatchWriter.TagsTail, BatchWriter.KeyValueColumns,
            BatchWriter.ParamRows(runId, tags), "EXISTS (SELECT 1 FROM runs WHERE run_uuid = @run)");
        tagRows.Parameters.AddWithValue("run", runId);
        batch.BatchCommands.Add(tagRows);

        string? stage = null, uri = null;
        await using (var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(ct).ConfigureAwait(false)) stage = reader.GetString(0);
            await reader.NextResultAsync(ct).ConfigureAwait(false);
            if (await reader.ReadAsync(ct).ConfigureAwait(false)) uri = reader.GetString(0);
        }
        if (stage is null) throw ExperimentRules.NoExperiment(TrackingCodec.Id(experiment));
        return uri ?? throw ExperimentRules.NotActive(experiment);
    }
}
