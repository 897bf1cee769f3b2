namespace Quarry.Tracking;

/// <summary>
/// MLflow's tracking store: experiments and runs, with params, metrics and tags written through
/// <see cref="LogBatchAsync"/> (conveniences in <see cref="TrackingStoreExtensions"/>). Errors are
/// <see cref="Quarry.Core.QuarryException"/>s: unknown ids → NotFound, taken names → AlreadyExists, bad input →
/// InvalidParameter, writes to deleted runs or experiments → InvalidState. Implementations are thread-safe and
/// return snapshots.
/// </summary>
public interface ITrackingStore
{
    /// <summary>Creates an active experiment and returns its id. Names are unique, deleted experiments included.</summary>
    Task<string> CreateExperimentAsync(string name, string? artifactLocation = null,
        IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default);

    /// <summary>The experiment (also when deleted); NotFound when unknown.</summary>
    Task<Experiment> GetExperimentAsync(string experimentId, CancellationToken cancellationToken = default);

    /// <summary>The experiment named <paramref name="name"/>, or null when there is none.</summary>
    Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Soft-deletes the experiment and its runs; the name stays reserved.</summary>
    Task DeleteExperimentAsync(string experimentId, CancellationToken cancellationToken = default);

    /// <summary>Restores a deleted experiment and its runs.</summary>
    Task RestoreExperimentAsync(string experimentId, CancellationToken cancellationToken = default);

    /// <summary>Renames an active experiment; AlreadyExists when the new name is taken.</summary>
    Task RenameExperimentAsync(string experimentId, string newName, CancellationToken cancellationToken = default);

    /// <summary>Sets (upserts) a tag on an active experiment.</summary>
    Task SetExperimentTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken = default);

    /// <summary>Deletes a tag of an active experiment; NotFound when it has no such tag, InvalidState when the experiment is deleted.</summary>
    Task DeleteExperimentTagAsync(string experimentId, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Permanently deletes a deleted experiment with its tags, runs (and all their data) and datasets; its name becomes
    /// free. NotFound when unknown, InvalidState when it is active (delete it first), InvalidParameter for the
    /// <c>Default</c> experiment <c>"0"</c>. One transaction.
    /// </summary>
    Task PurgeExperimentAsync(string experimentId, CancellationToken cancellationToken = default);

    /// <summary>The experiments (active only unless <paramref name="includeDeleted"/>), by id.</summary>
    Task<IReadOnlyList<Experiment>> ListExperimentsAsync(bool includeDeleted = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts a <see cref="RunStatus.Running"/> run in an active experiment. The name comes from
    /// <paramref name="runName"/>, else the tag <c>mlflow.runName</c>, else is generated; the tag is set to it.
    /// </summary>
    Task<Run> CreateRunAsync(string experimentId, string userId, long startTime, string? runName = null,
        IReadOnlyList<RunTag>? tags = null, CancellationToken cancellationToken = default);

    /// <summary>The run (also when deleted); NotFound when unknown.</summary>
    Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Updates the given fields of an active run (an empty <paramref name="runName"/> is ignored) and returns its info.</summary>
    Task<RunInfo> UpdateRunAsync(string runId, RunStatus? status = null, long? endTime = null, string? runName = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Permanently deletes a deleted run with its metrics, params, tags and inputs (its experiment's datasets stay).
    /// NotFound when unknown, InvalidState when it is active (delete it first). One transaction.
    /// </summary>
    Task PurgeRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Soft-deletes a run (idempotent).</summary>
    Task DeleteRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Restores a deleted run (idempotent).</summary>
    Task RestoreRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Logs metrics, params and tags to an active run atomically: limits are checked before anything is written and
    /// a failure writes nothing. Metrics are appended (duplicate points ignored); params are write-once; tags are
    /// upserts (last wins; <c>mlflow.runName</c> renames the run).
    /// </summary>
    Task LogBatchAsync(string runId, IReadOnlyList<Metric>? metrics, IReadOnlyList<Param>? @params, IReadOnlyList<RunTag>? tags,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Records datasets used by an active run, atomically. Each dataset is stored once per experiment, keyed by
    /// (name, digest) (an existing one is reused unchanged); logging a (name, digest) the run already has is a no-op, its
    /// tags included, so a replayed request changes nothing. Limits (spec §3.4, checked before anything is written):
    /// at most 1000 inputs; dataset name ≤ 500, digest ≤ 36, source ≤ 65,535, schema ≤ 1,048,575, profile ≤ 16,777,215
    /// characters; input tag keys ≤ 255, values ≤ 500. InvalidParameter for a missing field or a limit, NotFound for an
    /// unknown run, InvalidState for a deleted one.
    /// </summary>
    Task LogInputsAsync(string runId, IReadOnlyList<RunInput> inputs, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every logged point of metric <paramref name="key"/>, by (step, timestamp, value) with NaN after the numbers of
    /// its step and timestamp; empty when none.
    /// </summary>
    Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes a tag of an active run; NotFound when it has no such tag. The run's name is kept.</summary>
    Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Searches the runs of <paramref name="experimentIds"/> (spec <c>mlflow-search.md</c> §1–§2): <paramref name="filter"/>
    /// is a runs filter (<see cref="Search.SearchFilter.Parse"/>), <paramref name="orderBy"/> order_by items
    /// (<see cref="Search.OrderBy.Parse"/>; default and tiebreak <c>start_time DESC, run_id ASC</c>). Returns at most
    /// <paramref name="maxResults"/> runs (1..50000; callers apply MLflow's default of 1000) and a next-page token when
    /// more match. Unknown experiment ids match nothing.
    /// </summary>
    /// <exception cref="Quarry.Core.QuarryException">
    /// InvalidParameter for a malformed filter or order_by, a <paramref name="maxResults"/> outside 1..50000, or a page
    /// token this store did not issue ("Invalid page token").
    /// </exception>
    Task<RunsPage> SearchRunsAsync(IReadOnlyList<string> experimentIds, string? filter, ViewType viewType, int maxResults,
        IReadOnlyList<string>? orderBy, string? pageToken, CancellationToken cancellationToken = default);

    /// <summary>
    /// Searches experiments (spec <c>mlflow-search.md</c> §3): <paramref name="filter"/> is an AND-list over
    /// <c>name</c> (<c>=</c>, <c>!=</c>, <c>LIKE</c>, <c>ILIKE</c>), <c>creation_time</c> / <c>last_update_time</c>
    /// (numeric comparators) and <c>tags.&lt;key&gt;</c> (<c>=</c>, <c>!=</c>, <c>LIKE</c>, <c>ILIKE</c>);
    /// <paramref name="orderBy"/> items over <c>name</c>, <c>experiment_id</c>, <c>creation_time</c>,
    /// <c>last_update_time</c> (default <c>creation_time DESC</c>; tiebreak <c>experiment_id ASC</c>). Paging as in
    /// <see cref="SearchRunsAsync"/>.
    /// </summary>
    /// <exception cref="Quarry.Core.QuarryException">
    /// InvalidParameter for a malformed filter or order_by, a <paramref name="maxResults"/> outside 1..50000, or an
    /// invalid page token.
    /// </exception>
    Task<ExperimentsPage> SearchExperimentsAsync(string? filter, ViewType viewType, int maxResults,
        IReadOnlyList<string>? orderBy, string? pageToken, CancellationToken cancellationToken = default);
}
