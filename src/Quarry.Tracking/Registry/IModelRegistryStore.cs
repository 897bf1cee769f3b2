namespace Quarry.Tracking.Registry;

/// <summary>
/// MLflow's model registry (spec <c>mlflow-rest.md</c> §5): registered models with tags and aliases, and their
/// numbered versions with stages. Errors are <see cref="Quarry.Core.QuarryException"/>s: unknown model, version or
/// alias → NotFound; a taken model name → AlreadyExists; bad names, stages, aliases or over-long tags →
/// InvalidParameter (tag keys ≤ 250 characters, values ≤ 5000; versions are integer strings). Every write is one
/// transaction. Implementations are thread-safe and return snapshots. Stage names on the wire: <see cref="ModelStages"/>.
/// </summary>
public interface IModelRegistryStore
{
    /// <summary>Creates a registered model; AlreadyExists when the name is taken, InvalidParameter for an empty name.</summary>
    Task<RegisteredModel> CreateRegisteredModelAsync(string name, IReadOnlyDictionary<string, string>? tags = null,
        string? description = null, string? userId = null, CancellationToken cancellationToken = default);

    /// <summary>The registered model.</summary>
    Task<RegisteredModel> GetRegisteredModelAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Renames a registered model; its versions, tags, aliases and transition history follow. AlreadyExists when
    /// <paramref name="newName"/> is taken by another model; renaming to the same name is a no-op.
    /// </summary>
    Task<RegisteredModel> RenameRegisteredModelAsync(string name, string newName, CancellationToken cancellationToken = default);

    /// <summary>Sets the description (null or empty clears it).</summary>
    Task<RegisteredModel> UpdateRegisteredModelAsync(string name, string? description, CancellationToken cancellationToken = default);

    /// <summary>Deletes the model with all its versions, tags, aliases and transition history (hard delete).</summary>
    Task DeleteRegisteredModelAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Searches models: <paramref name="filter"/> over <c>name</c> (<c>=</c>, <c>!=</c>, <c>LIKE</c>, <c>ILIKE</c>) and
    /// <c>tags.&lt;key&gt;</c>, AND-ed; <paramref name="orderBy"/> over <c>name</c>, <c>creation_timestamp</c>,
    /// <c>last_updated_timestamp</c> (older alias <c>timestamp</c>; tiebreak <c>name ASC</c>); <paramref name="maxResults"/>
    /// 1..1000 (callers apply MLflow's default of <see cref="RegistrySearchLimits.DefaultModelsMaxResults"/>). A model
    /// without the tag <c>mlflow.prompt.is_prompt</c> matches <c>= 'false'</c> and <c>!= 'true'</c> on it; otherwise a
    /// missing tag is false. Page tokens are opaque; InvalidParameter for a malformed filter, order_by or token.
    /// </summary>
    Task<RegisteredModelsPage> SearchRegisteredModelsAsync(string? filter, int maxResults, IReadOnlyList<string>? orderBy,
        string? pageToken, CancellationToken cancellationToken = default);

    /// <summary>The latest version in each of <paramref name="stages"/> (every stage when empty or null).</summary>
    Task<IReadOnlyList<ModelVersion>> GetLatestVersionsAsync(string name, IReadOnlyList<ModelStage>? stages = null,
        CancellationToken cancellationToken = default);

    /// <summary>Sets (upserts) a model tag.</summary>
    Task SetRegisteredModelTagAsync(string name, string key, string value, CancellationToken cancellationToken = default);

    /// <summary>Deletes a model tag; NotFound when absent.</summary>
    Task DeleteRegisteredModelTagAsync(string name, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Points <paramref name="alias"/> at <paramref name="version"/> (moving it if it exists). Aliases match
    /// <c>^[\w\-]*$</c>, are at most 255 characters and are not <c>latest</c> or <c>v&lt;digits&gt;</c> (any case):
    /// InvalidParameter otherwise; NotFound for an unknown version.
    /// </summary>
    Task SetAliasAsync(string name, string alias, string version, CancellationToken cancellationToken = default);

    /// <summary>Deletes an alias (idempotent on an existing model).</summary>
    Task DeleteAliasAsync(string name, string alias, CancellationToken cancellationToken = default);

    /// <summary>The version an alias points at.</summary>
    Task<ModelVersion> GetVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates the next version (stage None, status READY) of an existing model. Numbers count from 1 per model and are
    /// never reused, also after deletes; concurrent creates get distinct numbers. <paramref name="source"/> is required
    /// and may not contain <c>..</c> segments.
    /// </summary>
    Task<ModelVersion> CreateModelVersionAsync(string name, string source, string? runId = null,
        IReadOnlyDictionary<string, string>? tags = null, string? runLink = null, string? description = null,
        string? userId = null, CancellationToken cancellationToken = default);

    /// <summary>The model version.</summary>
    Task<ModelVersion> GetModelVersionAsync(string name, string version, CancellationToken cancellationToken = default);

    /// <summary>Sets a version's description.</summary>
    Task<ModelVersion> UpdateModelVersionAsync(string name, string version, string? description,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves a version to <paramref name="stage"/>; with <paramref name="archiveExistingVersions"/> (only allowed for
    /// Staging and Production) the other versions in that stage move to Archived in the same transaction. Each change
    /// is recorded in the transition history.
    /// </summary>
    Task<ModelVersion> TransitionStageAsync(string name, string version, ModelStage stage, bool archiveExistingVersions,
        string? userId = null, CancellationToken cancellationToken = default);

    /// <summary>The recorded stage changes of a model (or of one version when <paramref name="version"/> is given), oldest first.</summary>
    Task<IReadOnlyList<StageTransition>> GetTransitionHistoryAsync(string name, string? version = null,
        CancellationToken cancellationToken = default);

    /// <summary>Deletes a version (its aliases go with it).</summary>
    Task DeleteModelVersionAsync(string name, string version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Searches versions: <paramref name="filter"/> over <c>name</c>, <c>version_number</c> (numeric), <c>run_id</c>
    /// (<c>=</c>, <c>!=</c>, <c>IN</c>), <c>source_path</c>, <c>tags.&lt;key&gt;</c>; <paramref name="orderBy"/> over
    /// <c>name</c>, <c>version_number</c>, <c>creation_timestamp</c>, <c>last_updated_timestamp</c> (tiebreak
    /// <c>name ASC, version DESC</c>, also the default order); <paramref name="maxResults"/> 1..200000. The prompt-tag
    /// rule and paging are as in <see cref="SearchRegisteredModelsAsync"/>.
    /// </summary>
    Task<ModelVersionsPage> SearchModelVersionsAsync(string? filter, int maxResults, IReadOnlyList<string>? orderBy,
        string? pageToken, CancellationToken cancellationToken = default);

    /// <summary>Sets (upserts) a version tag.</summary>
    Task SetModelVersionTagAsync(string name, string version, string key, string value, CancellationToken cancellationToken = default);

    /// <summary>Deletes a version tag; NotFound when absent.</summary>
    Task DeleteModelVersionTagAsync(string name, string version, string key, CancellationToken cancellationToken = default);
}
