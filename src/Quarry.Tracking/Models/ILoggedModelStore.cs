namespace Quarry.Tracking.Models;

/// <summary>
/// MLflow 3's logged models (spec <c>mlflow-rest.md</c> §6) and the run links to them: models a run used
/// (<see cref="LogModelInputsAsync"/>, <see cref="Run.ModelInputs"/>) and produced (<see cref="LogOutputsAsync"/>,
/// <see cref="Run.ModelOutputs"/>); metric points logged with a <see cref="Metric.ModelId"/> show in
/// <see cref="LoggedModel.Metrics"/>. Deletes are soft: a deleted model is NotFound everywhere. Errors are
/// <see cref="Quarry.Core.QuarryException"/>s: unknown or deleted model, run or experiment → NotFound; bad input →
/// InvalidParameter; writes to a deleted experiment or run → InvalidState. Every write is one transaction.
/// Implementations are thread-safe and return snapshots.
/// </summary>
public interface ILoggedModelStore
{
    /// <summary>Creates a <see cref="LoggedModelStatus.Pending"/> model with a new id <c>m-&lt;32 hex&gt;</c> in an active experiment.</summary>
    Task<LoggedModel> CreateLoggedModelAsync(NewLoggedModel model, CancellationToken cancellationToken = default);

    /// <summary>The model; NotFound when unknown or deleted.</summary>
    Task<LoggedModel> GetLoggedModelAsync(string modelId, CancellationToken cancellationToken = default);

    /// <summary>Sets the final status (<see cref="LoggedModelStatus.Ready"/> or <see cref="LoggedModelStatus.Failed"/>; Pending is InvalidParameter).</summary>
    Task<LoggedModel> FinalizeLoggedModelAsync(string modelId, LoggedModelStatus status, CancellationToken cancellationToken = default);

    /// <summary>Soft-deletes the model; NotFound when unknown or already deleted.</summary>
    Task DeleteLoggedModelAsync(string modelId, CancellationToken cancellationToken = default);

    /// <summary>Sets (upserts) tags; the last value of a repeated key wins.</summary>
    Task SetLoggedModelTagsAsync(string modelId, IReadOnlyList<RunTag> tags, CancellationToken cancellationToken = default);

    /// <summary>Deletes a tag; NotFound when the model has no such tag.</summary>
    Task DeleteLoggedModelTagAsync(string modelId, string key, CancellationToken cancellationToken = default);

    /// <summary>Logs params; write-once as run params (the same value again is a no-op, another value InvalidParameter).</summary>
    Task LogLoggedModelParamsAsync(string modelId, IReadOnlyList<Param> @params, CancellationToken cancellationToken = default);

    /// <summary>
    /// Searches the active models of <paramref name="experimentIds"/> (at least one). <paramref name="filter"/> is an
    /// AND-list over attributes <c>name</c>, <c>model_id</c>, <c>model_type</c>, <c>status</c> (<c>PENDING</c>,
    /// <c>READY</c>, <c>FAILED</c>), <c>source_run_id</c> (<c>=</c>, <c>!=</c>, <c>LIKE</c>, <c>ILIKE</c>),
    /// <c>creation_timestamp</c>, <c>last_updated_timestamp</c> (numeric), <c>metrics.&lt;key&gt;</c> (numeric, against the
    /// latest point), <c>params.&lt;key&gt;</c> and <c>tags.&lt;key&gt;</c>; a missing key is false. Default order
    /// <c>creation_timestamp DESC</c>; tiebreak <c>model_id ASC</c>. <paramref name="maxResults"/> 1..50000 (MLflow's
    /// default is 50). InvalidParameter for a malformed filter, order or page token.
    /// </summary>
    Task<LoggedModelsPage> SearchLoggedModelsAsync(IReadOnlyList<string> experimentIds, string? filter,
        IReadOnlyList<LoggedModelOrder>? orderBy, int maxResults, string? pageToken, CancellationToken cancellationToken = default);

    /// <summary>Records the models an active run used (MLflow's log-inputs <c>models</c>); repeats are no-ops; NotFound for an unknown model.</summary>
    Task LogModelInputsAsync(string runId, IReadOnlyList<string> modelIds, CancellationToken cancellationToken = default);

    /// <summary>Records the models an active run produced, with steps (MLflow's runs/outputs); repeats are no-ops.</summary>
    Task LogOutputsAsync(string runId, IReadOnlyList<LoggedModelOutput> models, CancellationToken cancellationToken = default);
}
