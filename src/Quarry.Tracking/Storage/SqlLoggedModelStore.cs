using System.Data;
using System.Data.Common;
using Quarry.Core;
using Quarry.Storage;
using Quarry.Tracking.Models;
using Quarry.Tracking.Storage.Internal;

namespace Quarry.Tracking.Storage;

/// <summary>
/// <see cref="ILoggedModelStore"/> in the tracking database (tables of <see cref="TrackingSchema"/> version 4), usually
/// opened through <see cref="TrackingDatabase"/>. Model writes lock the model row (PostgreSQL <c>FOR UPDATE</c>, SQLite
/// <c>BEGIN IMMEDIATE</c>), bump <c>last_updated_timestamp</c> and are one transaction each, retried on transient
/// errors; run inputs / outputs lock the run as the tracking store does. The connection pool belongs to the caller. Thread-safe.
/// </summary>
public sealed class SqlLoggedModelStore : ILoggedModelStore
{
    static readonly DbType[] KeyValueTypes = [DbType.String, DbType.String, DbType.String];
    static readonly DbType[] OutputTypes = [DbType.String, DbType.String, DbType.Int64];

    readonly SqlStoreCore _core;

    /// <summary>Opens the store on <paramref name="factory"/> (not owned) and brings the tracking schema up to date.</summary>
    public SqlLoggedModelStore(IConnectionFactory factory, RetryPolicy? retry = null, TimeProvider? time = null) =>
        _core = new SqlStoreCore(factory, retry, time, ownsFactory: false, TrackingSchema.Migrations);

    AsyncSqlRunner Runner => _core.Runner;
    SqlDialect Dialect => _core.Runner.Dialect;

    /// <inheritdoc />
    public Task<LoggedModel> CreateLoggedModelAsync(NewLoggedModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        long experiment = ExperimentRules.ExperimentKey(model.ExperimentId);
        LoggedModelRules.Params(model.Params);
        LoggedModelRules.Tags(model.Tags);
        string id = LoggedModelRules.NewId(), name = string.IsNullOrEmpty(model.Name) ? TrackingCodec.GeneratedRunName(Random.Shared) : model.Name;
        long now = _core.Now;
        return Runner.WriteAsync(async (c, tx) =>
        {
            var rows = await c.Sql($"SELECT lifecycle_stage, artifact_location FROM experiments WHERE experiment_id = @id{Dialect.ForShare}", tx)
                .With("id", experiment).ListAsync(r => (Stage: r.GetString(0), Root: r.GetString(1)), cancellationToken).ConfigureAwait(false);
            if (rows.Count == 0) throw ExperimentRules.NoExperiment(model.ExperimentId);
            if (rows[0].Stage != LifecycleStage.Active)
                throw new QuarryException(ErrorCode.InvalidState, $"The experiment {model.ExperimentId} must be in the 'active' state to log a model (fix: restore it first).");
            if (!string.IsNullOrEmpty(model.SourceRunId) && await TrackingReader.RunInfoAsync(c, tx, model.SourceRunId, cancellationToken).ConfigureAwait(false) is null)
                throw BatchWriter.NoRun(model.SourceRunId);
            await c.Sql("""
                INSERT INTO logged_models (model_id, experiment_id, name, artifact_location, creation_timestamp_ms, last_updated_timestamp_ms,
                    status, model_type, source_run_id)
                VALUES (@id, @experiment, @name, @location, @now, @now, 'PENDING', @type, @run)
                """, tx).With("id", id).With("experiment", experiment).With("name", name)
                .With("location", LoggedModelRules.ArtifactLocation(rows[0].Root, id)).With("now", now)
                .With("type", NullIfEmpty(model.ModelType)).With("run", NullIfEmpty(model.SourceRunId)).ExecAsync(cancellationToken).ConfigureAwait(false);
            await WriteParamsAsync(c, tx, id, model.Params, cancellationToken).ConfigureAwait(false);
            await UpsertTagsAsync(c, tx, id, model.Tags, cancellationToken).ConfigureAwait(false);
            return await LoggedModelReader.ActiveAsync(c, tx, id, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<LoggedModel> GetLoggedModelAsync(string modelId, CancellationToken cancellationToken = default)
    {
        LoggedModelRules.Id(modelId);
        return Runner.ReadAsync((c, tx) => LoggedModelReader.ActiveAsync(c, tx, modelId, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task<LoggedModel> FinalizeLoggedModelAsync(string modelId, LoggedModelStatus status, CancellationToken cancellationToken = default)
    {
        LoggedModelRules.Id(modelId);
        if (status is not (LoggedModelStatus.Ready or LoggedModelStatus.Failed))
            throw BatchValidator.Invalid($"A logged model can only be finalized as READY or FAILED, not {status} (fix: pass READY after a successful upload).");
        string text = LoggedModelRules.Status(status);
        return WriteModelAsync(modelId, async (c, tx) =>
        {
            await c.Sql("UPDATE logged_models SET status = @status WHERE model_id = @id", tx).With("status", text).With("id", modelId)
                .ExecAsync(cancellationToken).ConfigureAwait(false);
            return await LoggedModelReader.ActiveAsync(c, tx, modelId, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteLoggedModelAsync(string modelId, CancellationToken cancellationToken = default)
    {
        LoggedModelRules.Id(modelId);
        return WriteModelAsync(modelId, (c, tx) => c.Sql("UPDATE logged_models SET lifecycle_stage = 'deleted' WHERE model_id = @id", tx)
            .With("id", modelId).ExecAsync(cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task SetLoggedModelTagsAsync(string modelId, IReadOnlyList<RunTag> tags, CancellationToken cancellationToken = default)
    {
        LoggedModelRules.Id(modelId);
        LoggedModelRules.Tags(tags);
        return WriteModelAsync(modelId, async (c, tx) =>
        {
            await UpsertTagsAsync(c, tx, modelId, tags, cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteLoggedModelTagAsync(string modelId, string key, CancellationToken cancellationToken = default)
    {
        LoggedModelRules.Id(modelId);
        if (string.IsNullOrEmpty(key)) throw BatchValidator.Invalid("Missing value for required parameter 'tag_key'.");
        return WriteModelAsync(modelId, async (c, tx) =>
        {
            int n = await c.Sql("DELETE FROM logged_model_tags WHERE model_id = @id AND key = @key", tx).With("id", modelId).With("key", key)
                .ExecAsync(cancellationToken).ConfigureAwait(false);
            return n == 0 ? throw new QuarryException(ErrorCode.NotFound, $"No tag with key '{key}' on logged model '{modelId}'.") : n;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task LogLoggedModelParamsAsync(string modelId, IReadOnlyList<Param> @params, CancellationToken cancellationToken = default)
    {
        LoggedModelRules.Id(modelId);
        LoggedModelRules.Params(@params);
        return WriteModelAsync(modelId, async (c, tx) =>
        {
            await WriteParamsAsync(c, tx, modelId, @params, cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<LoggedModelsPage> SearchLoggedModelsAsync(IReadOnlyList<string> experimentIds, string? filter,
        IReadOnlyList<LoggedModelOrder>? orderBy, int maxResults, string? pageToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(experimentIds);
        if (experimentIds.Count == 0)
            throw BatchValidator.Invalid("Missing value for required parameter 'experiment_ids' (fix: search within at least one experiment).");
        PageToken.CheckMaxResults(maxResults);
        long[] experiments = [.. experimentIds.Select(e => TrackingCodec.TryExperimentKey(e, out long k) ? k : -1).Where(k => k >= 0).Distinct()];
        var sql = new LoggedModelSearchSql(Dialect);
        string where = sql.Where(filter), order = sql.Order(orderBy);
        long offset = PageToken.Decode(pageToken);
        if (experiments.Length == 0) return new LoggedModelsPage([], null);
        var found = await Runner.ReadAsync((c, tx) => LoggedModelReader.QueryAsync(c, tx,
            $"WHERE lm.lifecycle_stage = 'active' AND lm.experiment_id IN ({{0}}) AND {where} ORDER BY {order} LIMIT @q_limit OFFSET @q_offset",
            cmd =>
            {
                TrackingReader.InList(cmd, experiments);
                SearchParameters.Bind(cmd, sql.Parameters);
                cmd.With("q_limit", (long)maxResults + 1).With("q_offset", offset);
            }, cancellationToken), cancellationToken).ConfigureAwait(false);
        var (page, next) = PageToken.Split(found, maxResults, offset);
        return new LoggedModelsPage(page, next);
    }

    /// <inheritdoc />
    public Task LogModelInputsAsync(string runId, IReadOnlyList<string> modelIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(modelIds);
        foreach (var id in modelIds) LoggedModelRules.Id(id);
        if (modelIds.Count == 0) return Task.CompletedTask;
        var rows = modelIds.Distinct(StringComparer.Ordinal).Select(m => new object?[] { runId, m }).ToList();
        return WriteRunLinksAsync(runId, modelIds, "INSERT INTO run_model_inputs (run_uuid, model_id)", [DbType.String, DbType.String], rows, cancellationToken);
    }

    /// <inheritdoc />
    public Task LogOutputsAsync(string runId, IReadOnlyList<LoggedModelOutput> models, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(models);
        foreach (var m in models) LoggedModelRules.Id(m?.ModelId);
        if (models.Count == 0) return Task.CompletedTask;
        var rows = models.Distinct().Select(m => new object?[] { runId, m.ModelId, m.Step }).ToList();
        return WriteRunLinksAsync(runId, [.. models.Select(m => m.ModelId)], "INSERT INTO run_model_outputs (run_uuid, model_id, step)", OutputTypes, rows,
            cancellationToken);
    }

    Task WriteRunLinksAsync(string runId, IReadOnlyList<string> modelIds, string insert, DbType[] types, List<object?[]> rows, CancellationToken ct) =>
        Runner.WriteAsync(async (c, tx) =>
        {
            await BatchWriter.LockActiveRunAsync(c, tx, Dialect, runId, ct).ConfigureAwait(false);
            await LoggedModelRules.RequireActiveAsync(c, tx, modelIds, ct).ConfigureAwait(false);
            await MultiRowInsert.RunAsync(c, tx, insert, "ON CONFLICT DO NOTHING", types, rows, ct).ConfigureAwait(false);
            return 0;
        }, ct);

    /// <summary>Runs <paramref name="work"/> on a locked active model and bumps its last-updated time, in one transaction.</summary>
    Task<T> WriteModelAsync<T>(string modelId, Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        long now = _core.Now;
        return Runner.WriteAsync(async (c, tx) =>
        {
            await LoggedModelRules.LockActiveAsync(c, tx, Dialect, modelId, ct).ConfigureAwait(false);
            await c.Sql("UPDATE logged_models SET last_updated_timestamp_ms = @now WHERE model_id = @id", tx).With("now", now).With("id", modelId)
                .ExecAsync(ct).ConfigureAwait(false);
            return await work(c, tx).ConfigureAwait(false);
        }, ct);
    }

    static Task UpsertTagsAsync(DbConnection c, DbTransaction tx, string modelId, IReadOnlyList<RunTag> tags, CancellationToken ct)
    {
        var rows = BatchWriter.LastValues(tags).Select(kv => new object?[] { modelId, kv.Key, kv.Value }).ToList();
        return MultiRowInsert.RunAsync(c, tx, "INSERT INTO logged_model_tags (model_id, key, value)",
            "ON CONFLICT (model_id, key) DO UPDATE SET value = excluded.value", KeyValueTypes, rows, ct);
    }

    // Write-once, as run params: the same value again is a no-op, another value an error.
    static Task WriteParamsAsync(DbConnection c, DbTransaction tx, string modelId, IReadOnlyList<Param> @params, CancellationToken ct) =>
        BatchWriter.WriteOnceParamsAsync(c, tx, "logged_model_params", "model_id", modelId, "logged model ID", @params, ct);

    static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
