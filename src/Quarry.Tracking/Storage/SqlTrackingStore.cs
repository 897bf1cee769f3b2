using System.Data.Common;
using Quarry.Core;
using Quarry.Storage;
using Quarry.Tracking.Search;
using Quarry.Tracking.Search.Index;
using Quarry.Tracking.Search.Internal;
using Quarry.Tracking.Storage.Internal;

namespace Quarry.Tracking.Storage;

/// <summary>
/// <see cref="ITrackingStore"/> in a SQL database (a SQLite file or PostgreSQL) with MLflow's schema
/// (<see cref="TrackingSchema"/>) and semantics: 32-hex run ids, <c>mlflow.runName</c> kept in sync with the run name,
/// write-once params, append-only metric history with <c>latest_metrics</c> maintained in the same transaction, and
/// log-batch as one transaction with multi-row inserts (log-batches to one run arriving together share one:
/// <see cref="LogBatchCoalescer"/>). Writes lock the run row (PostgreSQL <c>FOR UPDATE</c>, SQLite
/// <c>BEGIN IMMEDIATE</c>) and are retried on transient errors. The schema and the <c>Default</c> experiment
/// (id <c>"0"</c>) are created on open. Thread-safe.
/// </summary>
public sealed class SqlTrackingStore : ITrackingStore, IDisposable
{
    readonly SqlStoreCore _core;
    readonly RunSearchIndex? _searchIndex;
    readonly LogBatchCoalescer _logBatches;

    /// <summary>Opens the store on <paramref name="factory"/> (not owned) and brings its schema up to date.</summary>
    public SqlTrackingStore(IConnectionFactory factory, RetryPolicy? retry = null, TimeProvider? time = null)
        : this(factory, RunSearchIndexOptions.Default, retry, time) { }

    /// <summary>
    /// Opens the store on <paramref name="factory"/> (not owned) with the runs search index configured by
    /// <paramref name="searchIndex"/>, and brings its schema up to date.
    /// </summary>
    /// <exception cref="QuarryException">InvalidParameter when <paramref name="searchIndex"/> is invalid.</exception>
    public SqlTrackingStore(IConnectionFactory factory, RunSearchIndexOptions searchIndex, RetryPolicy? retry = null, TimeProvider? time = null)
        : this(factory, retry, time, ownsFactory: false, searchIndex) { }

    SqlTrackingStore(IConnectionFactory factory, RetryPolicy? retry, TimeProvider? time, bool ownsFactory, RunSearchIndexOptions searchIndex)
    {
        ArgumentNullException.ThrowIfNull(searchIndex);
        searchIndex.Validate();
        _core = new SqlStoreCore(factory, retry, time, ownsFactory, TrackingSchema.Migrations);
        if (searchIndex.Enabled) _searchIndex = new RunSearchIndex(searchIndex, factory.Dialect, _core.Runner);
        _logBatches = new LogBatchCoalescer(WriteLogBatchAsync);
        long now = Now;
        new SqlRunner(factory, _core.Retry).Run(c => c.Sql("""
            INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)
            VALUES (0, 'Default', 'mlflow-artifacts:/0', 'active', @now, @now) ON CONFLICT DO NOTHING
            """).With("now", now).Exec());
    }

    /// <summary>
    /// Opens the store at <paramref name="location"/> (<c>sqlite:PATH</c>, <c>*.db</c>, <c>postgresql://…</c>; see
    /// <see cref="StoreLocation.Parse"/>), creating the schema when needed. Dispose it to close its connection pool.
    /// </summary>
    public static SqlTrackingStore Open(string location, RetryPolicy? retry = null, TimeProvider? time = null) =>
        Open(location, RunSearchIndexOptions.Default, retry, time);

    /// <summary>
    /// Like <see cref="Open(string, RetryPolicy?, TimeProvider?)"/>, with the runs search index configured by
    /// <paramref name="searchIndex"/> (<see cref="RunSearchIndexOptions.Disabled"/>: every search by SQL).
    /// </summary>
    public static SqlTrackingStore Open(string location, RunSearchIndexOptions searchIndex, RetryPolicy? retry = null, TimeProvider? time = null) =>
        SqlStoreCore.Open(location, factory => new SqlTrackingStore(factory, retry, time, ownsFactory: true, searchIndex));

    /// <summary>Where the data lives.</summary>
    public StoreLocation Location => Runner.Factory.Location;

    /// <summary>The runs search index, null when disabled.</summary>
    internal RunSearchIndex? SearchIndex => _searchIndex;

    AsyncSqlRunner Runner => _core.Runner;
    SqlDialect Dialect => _core.Runner.Dialect;
    long Now => _core.Now;

    /// <inheritdoc />
    public Task<string> CreateExperimentAsync(string name, string? artifactLocation = null,
        IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        ExperimentRules.CheckExperimentName(name);
        foreach (var (key, value) in tags ?? new Dictionary<string, string>()) ExperimentRules.CheckExperimentTag(key, value);
        long now = Now;
        return Runner.WriteAsync(async (c, tx) =>
        {
            var id = await c.Sql("""
                INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time, last_update_time)
                VALUES (@name, @location, 'active', @now, @now) ON CONFLICT (name) DO NOTHING RETURNING experiment_id
                """, tx).With("name", name).With("location", artifactLocation ?? "").With("now", now)
                .ScalarAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new QuarryException(ErrorCode.AlreadyExists,
                    $"Experiment '{name}' already exists (deleted experiments keep their names) (fix: choose another name, or restore it).");
            long key = Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture);
            if (string.IsNullOrEmpty(artifactLocation))
                await c.Sql("UPDATE experiments SET artifact_location = @location WHERE experiment_id = @id", tx)
                    .With("location", "mlflow-artifacts:/" + TrackingCodec.Id(key)).With("id", key).ExecAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (tagKey, value) in tags ?? new Dictionary<string, string>())
                await UpsertExperimentTagAsync(c, tx, key, tagKey, value, cancellationToken).ConfigureAwait(false);
            return TrackingCodec.Id(key);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Experiment> GetExperimentAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        long key = ExperimentRules.ExperimentKey(experimentId);
        var found = await Runner.QueryAsync(c => TrackingReader.ExperimentsAsync(c, null, "WHERE e.experiment_id = @id",
            cmd => cmd.With("id", key), cancellationToken), cancellationToken).ConfigureAwait(false);
        return found.Count == 1 ? found[0] : throw ExperimentRules.NoExperiment(experimentId);
    }

    /// <inheritdoc />
    public async Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var found = await Runner.QueryAsync(c => TrackingReader.ExperimentsAsync(c, null, "WHERE e.name = @name",
            cmd => cmd.With("name", name), cancellationToken), cancellationToken).ConfigureAwait(false);
        return found.Count == 1 ? found[0] : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Experiment>> ListExperimentsAsync(bool includeDeleted = false, CancellationToken cancellationToken = default) =>
        await Runner.QueryAsync(c => TrackingReader.ExperimentsAsync(c, null, includeDeleted ? "" : "WHERE e.lifecycle_stage = 'active'",
            _ => { }, cancellationToken), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public Task DeleteExperimentAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        long key = ExperimentRules.ExperimentKey(experimentId), now = Now;
        return Runner.WriteAsync(async (c, tx) =>
        {
            await LockExperimentAsync(c, tx, key, cancellationToken).ConfigureAwait(false);
            await RunStamp.ExperimentChangedAsync(c, tx, key, cancellationToken).ConfigureAwait(false);
            await c.Sql("UPDATE experiments SET lifecycle_stage = 'deleted', last_update_time = @now WHERE experiment_id = @id", tx)
                .With("now", now).With("id", key).ExecAsync(cancellationToken).ConfigureAwait(false);
            return await c.Sql("""
                UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = @now WHERE experiment_id = @id AND lifecycle_stage = 'active'
                """, tx).With("now", now).With("id", key).ExecAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task RestoreExperimentAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        long key = ExperimentRules.ExperimentKey(experimentId), now = Now;
        return Runner.WriteAsync(async (c, tx) =>
        {
            var (stage, _) = await LockExperimentAsync(c, tx, key, cancellationToken).ConfigureAwait(false);
            if (stage == LifecycleStage.Active) return 0;
            await RunStamp.ExperimentChangedAsync(c, tx, key, cancellationToken).ConfigureAwait(false);
            // Runs deleted together with the experiment (at or after its deletion) come back with it.
            await c.Sql("""
                UPDATE runs SET lifecycle_stage = 'active', deleted_time = NULL
                WHERE experiment_id = @id AND lifecycle_stage = 'deleted'
                  AND deleted_time >= (SELECT last_update_time FROM experiments WHERE experiment_id = @id)
                """, tx).With("id", key).ExecAsync(cancellationToken).ConfigureAwait(false);
            return await c.Sql("UPDATE experiments SET lifecycle_stage = 'active', last_update_time = @now WHERE experiment_id = @id", tx)
                .With("now", now).With("id", key).ExecAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task RenameExperimentAsync(string experimentId, string newName, CancellationToken cancellationToken = default)
    {
        long key = ExperimentRules.ExperimentKey(experimentId), now = Now;
        ExperimentRules.CheckExperimentName(newName);
        return Runner.WriteAsync(async (c, tx) =>
        {
            await LockActiveExperimentAsync(c, tx, key, cancellationToken).ConfigureAwait(false);
            var taken = await c.Sql("SELECT experiment_id FROM experiments WHERE name = @name AND experiment_id <> @id", tx)
                .With("name", newName).With("id", key).ScalarAsync(cancellationToken).ConfigureAwait(false);
            if (taken is not null)
                throw new QuarryException(ErrorCode.AlreadyExists, $"Experiment '{newName}' already exists (fix: choose another name).");
            return await c.Sql("UPDATE experiments SET name = @name, last_update_time = @now WHERE experiment_id = @id", tx)
                .With("name", newName).With("now", now).With("id", key).ExecAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task SetExperimentTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken = default)
    {
        long id = ExperimentRules.ExperimentKey(experimentId);
        ExperimentRules.CheckExperimentTag(key, value);
        return Runner.WriteAsync(async (c, tx) =>
        {
            await LockActiveExperimentAsync(c, tx, id, cancellationToken).ConfigureAwait(false);
            await UpsertExperimentTagAsync(c, tx, id, key, value, cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteExperimentTagAsync(string experimentId, string key, CancellationToken cancellationToken = default)
    {
        long id = ExperimentRules.ExperimentKey(experimentId);
        ArgumentNullException.ThrowIfNull(key);
        return Runner.WriteAsync(async (c, tx) =>
        {
            await LockActiveExperimentAsync(c, tx, id, cancellationToken).ConfigureAwait(false);
            int n = await c.Sql("DELETE FROM experiment_tags WHERE experiment_id = @id AND key = @key", tx).With("id", id).With("key", key)
                .ExecAsync(cancellationToken).ConfigureAwait(false);
            return n == 0 ? throw new QuarryException(ErrorCode.NotFound, $"No tag with name: {key} in experiment with id {experimentId}") : n;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task PurgeExperimentAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        long key = ExperimentRules.ExperimentKey(experimentId);
        if (key == 0)
            throw BatchValidator.Invalid("The Default experiment '0' cannot be purged: it is reserved (fix: delete or purge its runs instead).");
        return Runner.WriteAsync(async (c, tx) =>
        {
            var (stage, _) = await LockExperimentAsync(c, tx, key, cancellationToken).ConfigureAwait(false);
            if (stage == LifecycleStage.Active)
                throw new QuarryException(ErrorCode.InvalidState,
                    $"The experiment {experimentId} is active; only a deleted experiment can be purged (fix: delete it first).");
            // The foreign keys cascade to its tags, runs (and their rows) and datasets.
            return await c.Sql("DELETE FROM experiments WHERE experiment_id = @id", tx).With("id", key).ExecAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Run> CreateRunAsync(string experimentId, string userId, long startTime, string? runName = null,
        IReadOnlyList<RunTag>? tags = null, CancellationToken cancellationToken = default)
    {
        long key = ExperimentRules.ExperimentKey(experimentId);
        tags ??= [];
        BatchValidator.Validate([], [], tags);
        string? tagName = tags.LastOrDefault(t => t.Key == TrackingCodec.RunNameTag)?.Value;
        if (!string.IsNullOrEmpty(runName) && tagName is not null && tagName != runName)
            throw BatchValidator.Invalid($"Both 'run_name' ('{runName}') and tag '{TrackingCodec.RunNameTag}' ('{tagName}') were set to different values (fix: give one, or the same value).");
        string name = !string.IsNullOrEmpty(runName) ? runName : tagName ?? TrackingCodec.GeneratedRunName(Random.Shared);
        BatchValidator.Value(name, BatchValidator.MaxTagValueLength, "run name");
        // Time-ordered (UUID version 7): a new run's entries in every index keyed by run id are appended at the end,
        // where a random id rewrote a page at a random place of each (measured on SQLite at 20 concurrent creates:
        // 30 KB of WAL per run, most of it in the runs and tags indexes).
        string runId = Guid.CreateVersion7().ToString("N");
        var runTags = BatchWriter.LastValues([.. tags.Where(t => t.Key != TrackingCodec.RunNameTag), new RunTag(TrackingCodec.RunNameTag, name)]);
        return CreateRunAsync(Dialect.Kind == StoreKind.PostgreSql
            ? Runner.WriteBatchAsync(c => PostgresNewRun.InsertAsync((Npgsql.NpgsqlConnection)c, key, runId, name, userId ?? "", startTime, runTags,
                cancellationToken), cancellationToken)
            : Runner.WriteAsync((c, tx) => InsertRunAsync(c, tx, key, runId, name, userId ?? "", startTime, runTags, cancellationToken), cancellationToken));

        // A new run is exactly what was just written, so it is built here rather than read back.
        async Task<Run> CreateRunAsync(Task<string> insert)
        {
            string uri = await insert.ConfigureAwait(false);
            var info = new RunInfo(runId, name, TrackingCodec.Id(key), userId ?? "", RunStatus.Running, startTime, null, uri, LifecycleStage.Active);
            RunTag[] sorted = [.. runTags.Select(t => new RunTag(t.Key, t.Value)).OrderBy(t => t.Key, StringComparer.Ordinal)];
            return new Run(info, new RunData([], [], sorted));
        }
    }

    /// <summary>Checks the experiment is active, inserts the run and its tags, and returns its artifact URI (one statement at a time).</summary>
    async Task<string> InsertRunAsync(DbConnection c, DbTransaction tx, long key, string runId, string name, string userId, long startTime,
        Dictionary<string, string> runTags, CancellationToken cancellationToken)
    {
        var (_, location) = await ShareActiveExperimentAsync(c, tx, key, cancellationToken).ConfigureAwait(false);
        string uri = $"{location.TrimEnd('/')}/{runId}/artifacts";
        await c.Sql($"""
            INSERT INTO runs (run_uuid, name, experiment_id, user_id, status, start_time, end_time, lifecycle_stage, artifact_uri, change_stamp)
            VALUES (@run, @name, @experiment, @user, 'RUNNING', @start, NULL, 'active', @uri, {RunStamp.NewRunStamp(Dialect)})
            """, tx).With("run", runId).With("name", name).With("experiment", key).With("user", userId)
            .With("start", startTime).With("uri", uri)
            .ExecAsync(cancellationToken).ConfigureAwait(false);
        await BatchWriter.UpsertTagsAsync(c, tx, runId, runTags, cancellationToken).ConfigureAwait(false);
        return uri;
    }

    /// <inheritdoc />
    public async Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return await Runner.ReadAsync((c, tx) => TrackingReader.RunAsync(c, tx, runId, cancellationToken), cancellationToken).ConfigureAwait(false)
            ?? throw BatchWriter.NoRun(runId);
    }

    /// <inheritdoc />
    public Task<RunInfo> UpdateRunAsync(string runId, RunStatus? status = null, long? endTime = null, string? runName = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        string? statusText = status is { } s ? TrackingCodec.Status(s) : null;
        if (!string.IsNullOrEmpty(runName)) BatchValidator.Value(runName, BatchValidator.MaxTagValueLength, "run name");
        return Runner.WriteAsync(async (c, tx) =>
        {
            await BatchWriter.LockActiveRunAsync(c, tx, Dialect, runId, cancellationToken).ConfigureAwait(false);
            if (statusText is not null)
                await c.Sql("UPDATE runs SET status = @status WHERE run_uuid = @run", tx).With("status", statusText).With("run", runId)
                    .ExecAsync(cancellationToken).ConfigureAwait(false);
            if (endTime is { } end)
                await c.Sql("UPDATE runs SET end_time = @end WHERE run_uuid = @run", tx).With("end", end).With("run", runId)
                    .ExecAsync(cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(runName))
                await BatchWriter.WriteTagsAsync(c, tx, runId, [new RunTag(TrackingCodec.RunNameTag, runName)], cancellationToken).ConfigureAwait(false);
            return (await TrackingReader.RunInfoAsync(c, tx, runId, cancellationToken).ConfigureAwait(false))!;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task PurgeRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return Runner.WriteAsync(async (c, tx) =>
        {
            var (stage, _) = await BatchWriter.LockRunAsync(c, tx, Dialect, runId, cancellationToken).ConfigureAwait(false);
            if (stage == LifecycleStage.Active)
                throw new QuarryException(ErrorCode.InvalidState, $"The run {runId} is active; only a deleted run can be purged (fix: delete it first).");
            await RunStamp.RunPurgingAsync(c, tx, runId, cancellationToken).ConfigureAwait(false);
            // The foreign keys cascade to its metrics, latest metrics, params, tags, inputs and input tags.
            return await c.Sql("DELETE FROM runs WHERE run_uuid = @run", tx).With("run", runId).ExecAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteRunAsync(string runId, CancellationToken cancellationToken = default) =>
        SetRunStageAsync(runId, LifecycleStage.Deleted, Now, cancellationToken);

    /// <inheritdoc />
    public Task RestoreRunAsync(string runId, CancellationToken cancellationToken = default) =>
        SetRunStageAsync(runId, LifecycleStage.Active, null, cancellationToken);

    Task SetRunStageAsync(string runId, string stage, long? deletedTime, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return Runner.WriteAsync(async (c, tx) =>
        {
            var cmd = deletedTime is { } d
                ? c.Sql("UPDATE runs SET lifecycle_stage = @stage, deleted_time = @deleted WHERE run_uuid = @run", tx).With("deleted", d)
                : c.Sql("UPDATE runs SET lifecycle_stage = @stage, deleted_time = NULL WHERE run_uuid = @run", tx);
            int n = await cmd.With("stage", stage).With("run", runId).ExecAsync(ct).ConfigureAwait(false);
            await RunStamp.TouchAsync(c, tx, Dialect, runId, ct).ConfigureAwait(false);
            return n == 0 ? throw BatchWriter.NoRun(runId) : n;
        }, ct);
    }

    /// <inheritdoc />
    public Task LogBatchAsync(string runId, IReadOnlyList<Metric>? metrics, IReadOnlyList<Param>? @params, IReadOnlyList<RunTag>? tags,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        metrics ??= [];
        @params ??= [];
        tags ??= [];
        BatchValidator.Validate(metrics, @params, tags);
        if (metrics.Count + @params.Count + tags.Count == 0) return Task.CompletedTask;
        return _logBatches.LogAsync(runId, metrics, @params, tags, cancellationToken);
    }

    /// <summary>Writes a validated log-batch (possibly several callers' batches merged by <see cref="LogBatchCoalescer"/>) atomically.</summary>
    async Task WriteLogBatchAsync(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> @params, IReadOnlyList<RunTag> tags,
        CancellationToken cancellationToken)
    {
        if (Dialect.Kind == StoreKind.PostgreSql && PostgresLogBatch.Handles(metrics, @params)
            && await Runner.WriteBatchAsync(c => PostgresLogBatch.TryWriteAsync((Npgsql.NpgsqlConnection)c, runId, metrics, @params, tags,
                cancellationToken), cancellationToken).ConfigureAwait(false))
            return;
        var metricRows = metrics.Count > 0 ? BatchWriter.MetricRows(runId, metrics) : ([], []);
        await Runner.WriteAsync(async (c, tx) =>
        {
            await BatchWriter.LockActiveRunAsync(c, tx, Dialect, runId, cancellationToken).ConfigureAwait(false);
            await BatchWriter.WriteAsync(c, tx, runId, metrics, metricRows, @params, tags, cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task LogInputsAsync(string runId, IReadOnlyList<RunInput> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(inputs);
        InputsWriter.Validate(inputs);
        return Runner.WriteAsync(async (c, tx) =>
        {
            long experiment = await BatchWriter.LockActiveRunAsync(c, tx, Dialect, runId, cancellationToken).ConfigureAwait(false);
            await InputsWriter.WriteAsync(c, tx, runId, experiment, inputs, cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(key);
        return await Runner.ReadAsync(async (c, tx) =>
        {
            if (await c.Sql("SELECT 1 FROM runs WHERE run_uuid = @run", tx).With("run", runId).ScalarAsync(cancellationToken).ConfigureAwait(false) is null)
                throw BatchWriter.NoRun(runId);
            var series = await MetricHistoryReader.ReadAsync(c, tx, runId, key, cancellationToken).ConfigureAwait(false);
            var points = new Metric[series.Count];
            // Every point shares the requested key string (reading it back per point would allocate one string each).
            for (int i = 0; i < points.Length; i++) points[i] = new Metric(key, series.Values[i], series.Timestamps[i], series.Steps[i]);
            return (IReadOnlyList<Metric>)points;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(key);
        return Runner.WriteAsync(async (c, tx) =>
        {
            await BatchWriter.LockActiveRunAsync(c, tx, Dialect, runId, cancellationToken).ConfigureAwait(false);
            int n = await c.Sql("DELETE FROM tags WHERE run_uuid = @run AND key = @key", tx).With("run", runId).With("key", key)
                .ExecAsync(cancellationToken).ConfigureAwait(false);
            return n == 0 ? throw new QuarryException(ErrorCode.NotFound, $"No tag with name: {key} in run with id {runId}") : n;
        }, cancellationToken);
    }

    /// <summary>
    /// Builds (or brings up to date) the runs search index of <paramref name="experimentId"/> now, whatever its size, so
    /// its next searches are answered from memory (a search would otherwise build a large experiment's index in the
    /// background and answer by SQL meanwhile). Does nothing when the index is disabled or the experiment does not exist.
    /// </summary>
    public async Task WarmSearchIndexAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        if (_searchIndex is not null && TrackingCodec.TryExperimentKey(experimentId, out long key))
            await _searchIndex.WarmAsync(key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Builds the runs search indexes of every experiment of <see cref="RunSearchIndexOptions.BackgroundBuildRuns"/> runs or
    /// more, largest first (a server calls it at start, so that the first search of a large experiment is answered from
    /// memory rather than by SQL while its index builds). Returns how many it built; 0 when the index is disabled.
    /// </summary>
    public Task<int> WarmLargeSearchIndexesAsync(CancellationToken cancellationToken = default) =>
        _searchIndex?.WarmLargeAsync(cancellationToken) ?? Task.FromResult(0);

    /// <inheritdoc />
    /// <remarks>
    /// Experiments with at least <see cref="RunSearchIndexOptions.MinRuns"/> runs are answered from the in-memory index,
    /// refreshed inside this search's read transaction, and the page's runs are then read by id in the same transaction:
    /// the answer is the one SQL gives in that snapshot. An experiment of <see cref="RunSearchIndexOptions.BackgroundBuildRuns"/>
    /// runs or more has its index built in the background while SQL answers. Dataset clauses, and comparisons SQL evaluates differently from
    /// the in-memory evaluator, go to SQL.
    /// </remarks>
    public async Task<RunsPage> SearchRunsAsync(IReadOnlyList<string> experimentIds, string? filter, ViewType viewType, int maxResults,
        IReadOnlyList<string>? orderBy, string? pageToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(experimentIds);
        PageToken.CheckMaxResults(maxResults);
        var search = new IndexedSearch(SearchFilter.Parse(filter), OrderBy.Parse(orderBy), viewType, PageToken.Decode(pageToken), maxResults + 1L);
        CheckViewType(viewType);
        var keys = experimentIds.Select(id => TrackingCodec.TryExperimentKey(id, out long k) ? (long?)k : null)
            .OfType<long>().Distinct().ToList();
        if (keys.Count == 0) return new RunsPage([], null);
        var runs = await Runner.ReadAsync(async (c, tx) =>
            _searchIndex is not null && await _searchIndex.TrySearchAsync(c, tx, keys, search, cancellationToken).ConfigureAwait(false) is { } page
                ? await TrackingReader.CompleteIndexedPageAsync(c, tx, page, cancellationToken).ConfigureAwait(false)
                : await SqlSearchRunsAsync(c, tx, keys, search, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        var (page, next) = PageToken.Split(runs, maxResults, search.Offset);
        return new RunsPage(page, next);
    }

    Task<List<Run>> SqlSearchRunsAsync(DbConnection c, DbTransaction tx, List<long> keys, IndexedSearch search, CancellationToken ct)
    {
        var query = SqlSearchCompiler.Compile(search.Filter, search.Order, Dialect, "r");
        string experiments = string.Join(", ", keys.Select((_, i) => "@e" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        string tail = $"{query.Joins} WHERE r.experiment_id IN ({experiments}){StageCondition("r", search.View)} AND ({query.Where}) " +
                      $"ORDER BY {query.OrderBy} LIMIT @q_limit OFFSET @q_offset";
        return TrackingReader.RunsQueryAsync(c, tx, tail, cmd =>
        {
            for (int i = 0; i < keys.Count; i++) cmd.With("e" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), keys[i]);
            SearchParameters.Bind(cmd, query.Parameters);
            cmd.With("q_limit", search.Take).With("q_offset", search.Offset);
        }, ct);
    }

    /// <inheritdoc />
    public async Task<ExperimentsPage> SearchExperimentsAsync(string? filter, ViewType viewType, int maxResults,
        IReadOnlyList<string>? orderBy, string? pageToken, CancellationToken cancellationToken = default)
    {
        PageToken.CheckMaxResults(maxResults);
        var clauses = AttributeTagFilterParser.Parse(filter, FilterVocabulary.Experiments);
        var sql = new ExperimentSearchSql(Dialect);
        string where = sql.Where(clauses), order = sql.Order(orderBy);
        long offset = PageToken.Decode(pageToken);
        var found = await Runner.QueryAsync(c => TrackingReader.ExperimentsQueryAsync(c, null, $"WHERE ({where}){StageCondition("e", viewType)}",
            order, "LIMIT @q_limit OFFSET @q_offset", cmd =>
            {
                SearchParameters.Bind(cmd, sql.Parameters);
                cmd.With("q_limit", (long)maxResults + 1).With("q_offset", offset);
            }, cancellationToken), cancellationToken).ConfigureAwait(false);
        var (page, next) = PageToken.Split(found, maxResults, offset);
        return new ExperimentsPage(page, next);
    }

    static string StageCondition(string alias, ViewType viewType) => viewType switch
    {
        ViewType.ActiveOnly => $" AND {alias}.lifecycle_stage = 'active'",
        ViewType.DeletedOnly => $" AND {alias}.lifecycle_stage = 'deleted'",
        ViewType.All => "",
        _ => throw UnknownViewType(viewType),
    };

    /// <summary>Rejects an undefined view type up front, whichever of the index and SQL then answers.</summary>
    static void CheckViewType(ViewType viewType)
    {
        if (!Enum.IsDefined(viewType)) throw UnknownViewType(viewType);
    }

    static QuarryException UnknownViewType(ViewType viewType) =>
        new(ErrorCode.InvalidParameter, $"Unknown view type {(int)viewType} (expected ActiveOnly, DeletedOnly or All).");

    /// <summary>Closes the connection pool when the store opened it (<see cref="Open(string, RetryPolicy?, TimeProvider?)"/>).</summary>
    public void Dispose()
    {
        _searchIndex?.Dispose();
        _core.Dispose();
    }

    Task<(string Stage, string Location)> LockExperimentAsync(DbConnection c, DbTransaction tx, long key, CancellationToken ct) =>
        ReadExperimentLockedAsync(c, tx, key, Dialect.ForUpdate, ct);

    async Task<(string Stage, string Location)> ReadExperimentLockedAsync(DbConnection c, DbTransaction tx, long key, string lockClause,
        CancellationToken ct)
    {
        var rows = await c.Sql($"SELECT lifecycle_stage, artifact_location FROM experiments WHERE experiment_id = @id{lockClause}", tx)
            .With("id", key).ListAsync(r => (r.GetString(0), r.GetString(1)), ct).ConfigureAwait(false);
        return rows.Count == 1 ? rows[0] : throw ExperimentRules.NoExperiment(TrackingCodec.Id(key));
    }

    Task<(string Stage, string Location)> LockActiveExperimentAsync(DbConnection c, DbTransaction tx, long key, CancellationToken ct) =>
        RequireActiveAsync(ReadExperimentLockedAsync(c, tx, key, Dialect.ForUpdate, ct), key);

    /// <summary>
    /// Like <see cref="LockActiveExperimentAsync"/> with a shared lock: it still waits for (and blocks) a delete, rename
    /// or tag change of the experiment, but not other runs being created in it, which on PostgreSQL would otherwise
    /// queue one commit at a time.
    /// </summary>
    Task<(string Stage, string Location)> ShareActiveExperimentAsync(DbConnection c, DbTransaction tx, long key, CancellationToken ct) =>
        RequireActiveAsync(ReadExperimentLockedAsync(c, tx, key, Dialect.ForShare, ct), key);

    static async Task<(string Stage, string Location)> RequireActiveAsync(Task<(string Stage, string Location)> read, long key)
    {
        var found = await read.ConfigureAwait(false);
        return found.Stage == LifecycleStage.Active ? found : throw ExperimentRules.NotActive(key);
    }

    static Task<int> UpsertExperimentTagAsync(DbConnection c, DbTransaction tx, long id, string key, string value, CancellationToken ct) =>
        c.Sql("""
            INSERT INTO experiment_tags (experiment_id, key, value) VALUES (@id, @key, @value)
            ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value
            """, tx).With("id", id).With("key", key).With("value", value).ExecAsync(ct);
}
