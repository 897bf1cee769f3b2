using System.Text.Json;
using Quarry.Core;
using Quarry.Tracking.Registry;
using Quarry.Tracking.Rest.Internal;

namespace Quarry.Tracking.Rest;

/// <summary>
/// <see cref="IModelRegistryStore"/> over MLflow's model registry REST API (spec <c>mlflow-rest.md</c> §5), for
/// <c>quarry serve</c> or any MLflow-compatible server; the transport is <see cref="RestTrackingStore"/>'s (one pooled
/// <see cref="HttpClient"/>, HTTP Basic or bearer credentials, retries of transient failures as MLflow's client does,
/// error bodies raised as the <see cref="QuarryException"/> a local store would throw). As with MLflow's client, a
/// create retried after the server committed it but failed to answer is not deduplicated: a model create then fails
/// AlreadyExists, a version create registers one more version. Two Quarry extensions, which
/// an MLflow server ignores or lacks: the <c>userId</c> of creates and transitions travels as an extra
/// <c>user_id</c> field (a Quarry server records it when the caller is not authenticated, else records the
/// authenticated caller), and <see cref="GetTransitionHistoryAsync"/> calls Quarry's
/// <c>/api/quarry/models/{name}/transitions</c>, an InvalidState error on other servers. Thread-safe; dispose it to
/// close its connections.
/// </summary>
public sealed class RestModelRegistryStore : IModelRegistryStore, IDisposable
{
    readonly MlflowHttp _http;

    /// <summary>A registry talking to the server of <paramref name="options"/>.</summary>
    public RestModelRegistryStore(RestTrackingStoreOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _http = new MlflowHttp(options, time ?? TimeProvider.System);
    }

    /// <summary>A registry talking to <paramref name="trackingUri"/> with credentials from MLflow's environment variables (<see cref="RestTrackingStoreOptions.FromEnvironment"/>).</summary>
    public RestModelRegistryStore(string trackingUri) : this(RestTrackingStoreOptions.FromEnvironment(trackingUri)) { }

    /// <summary>Where and how this registry connects.</summary>
    public RestTrackingStoreOptions Options { get; }

    /// <inheritdoc />
    public Task<RegisteredModel> CreateRegisteredModelAsync(string name, IReadOnlyDictionary<string, string>? tags = null,
        string? description = null, string? userId = null, CancellationToken cancellationToken = default) =>
        ModelAsync(HttpMethod.Post, "registered-models/create", w =>
        {
            w.WriteString("name", name);
            WriteTags(w, tags);
            MlflowJsonWriter.WriteNonEmpty(w, "description", description);
            MlflowJsonWriter.WriteNonEmpty(w, "user_id", userId);
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<RegisteredModel> GetRegisteredModelAsync(string name, CancellationToken cancellationToken = default)
    {
        using var json = await _http.GetAsync("registered-models/get", cancellationToken, ("name", name)).ConfigureAwait(false);
        return ReadModel(json, "registered-models/get");
    }

    /// <inheritdoc />
    public Task<RegisteredModel> RenameRegisteredModelAsync(string name, string newName, CancellationToken cancellationToken = default) =>
        ModelAsync(HttpMethod.Post, "registered-models/rename", w =>
        {
            w.WriteString("name", name);
            w.WriteString("new_name", newName);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<RegisteredModel> UpdateRegisteredModelAsync(string name, string? description, CancellationToken cancellationToken = default) =>
        ModelAsync(HttpMethod.Patch, "registered-models/update", w =>
        {
            w.WriteString("name", name);
            MlflowJsonWriter.WriteNonEmpty(w, "description", description);
        }, cancellationToken);

    /// <inheritdoc />
    public Task DeleteRegisteredModelAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, "registered-models/delete", w => w.WriteString("name", name), cancellationToken);

    /// <inheritdoc />
    public async Task<RegisteredModelsPage> SearchRegisteredModelsAsync(string? filter, int maxResults, IReadOnlyList<string>? orderBy,
        string? pageToken, CancellationToken cancellationToken = default)
    {
        using var json = await _http.GetAsync("registered-models/search", cancellationToken,
            SearchQuery(filter, maxResults, orderBy, pageToken)).ConfigureAwait(false);
        return new RegisteredModelsPage(MlflowJsonReader.ReadList(json.RootElement, "registered_models", MlflowRegistryJson.ReadModel),
            NextPageToken(json));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ModelVersion>> GetLatestVersionsAsync(string name, IReadOnlyList<ModelStage>? stages = null,
        CancellationToken cancellationToken = default)
    {
        var names = stages?.Select(ModelStages.Name).ToList() ?? [];
        using var json = await _http.PostAsync("registered-models/get-latest-versions", w =>
        {
            w.WriteString("name", name);
            WriteStrings(w, "stages", names);
        }, cancellationToken).ConfigureAwait(false);
        return MlflowJsonReader.ReadList(json.RootElement, "model_versions", MlflowRegistryJson.ReadVersion);
    }

    /// <inheritdoc />
    public Task SetRegisteredModelTagAsync(string name, string key, string value, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "registered-models/set-tag", w =>
        {
            w.WriteString("name", name);
            w.WriteString("key", key);
            w.WriteString("value", value);
        }, cancellationToken);

    /// <inheritdoc />
    public Task DeleteRegisteredModelTagAsync(string name, string key, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, "registered-models/delete-tag", w =>
        {
            w.WriteString("name", name);
            w.WriteString("key", key);
        }, cancellationToken);

    /// <inheritdoc />
    public Task SetAliasAsync(string name, string alias, string version, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "registered-models/alias", w =>
        {
            w.WriteString("name", name);
            w.WriteString("alias", alias);
            w.WriteString("version", version);
        }, cancellationToken);

    /// <inheritdoc />
    public Task DeleteAliasAsync(string name, string alias, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, "registered-models/alias", w =>
        {
            w.WriteString("name", name);
            w.WriteString("alias", alias);
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<ModelVersion> GetVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        using var json = await _http.GetAsync("registered-models/alias", cancellationToken, ("name", name), ("alias", alias)).ConfigureAwait(false);
        return ReadVersion(json, "registered-models/alias");
    }

    /// <inheritdoc />
    public Task<ModelVersion> CreateModelVersionAsync(string name, string source, string? runId = null,
        IReadOnlyDictionary<string, string>? tags = null, string? runLink = null, string? description = null,
        string? userId = null, CancellationToken cancellationToken = default) =>
        VersionAsync(HttpMethod.Post, "model-versions/create", w =>
        {
            w.WriteString("name", name);
            w.WriteString("source", source);
            MlflowJsonWriter.WriteNonEmpty(w, "run_id", runId);
            WriteTags(w, tags);
            MlflowJsonWriter.WriteNonEmpty(w, "run_link", runLink);
            MlflowJsonWriter.WriteNonEmpty(w, "description", description);
            MlflowJsonWriter.WriteNonEmpty(w, "user_id", userId);
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<ModelVersion> GetModelVersionAsync(string name, string version, CancellationToken cancellationToken = default)
    {
        using var json = await _http.GetAsync("model-versions/get", cancellationToken, ("name", name), ("version", version)).ConfigureAwait(false);
        return ReadVersion(json, "model-versions/get");
    }

    /// <inheritdoc />
    public Task<ModelVersion> UpdateModelVersionAsync(string name, string version, string? description,
        CancellationToken cancellationToken = default) =>
        VersionAsync(HttpMethod.Patch, "model-versions/update", w =>
        {
            WriteVersionKey(w, name, version);
            MlflowJsonWriter.WriteNonEmpty(w, "description", description);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<ModelVersion> TransitionStageAsync(string name, string version, ModelStage stage, bool archiveExistingVersions,
        string? userId = null, CancellationToken cancellationToken = default)
    {
        string stageName = ModelStages.Name(stage); // an out-of-range stage fails here, before anything is sent
        return VersionAsync(HttpMethod.Post, "model-versions/transition-stage", w =>
        {
            WriteVersionKey(w, name, version);
            w.WriteString("stage", stageName);
            w.WriteBoolean("archive_existing_versions", archiveExistingVersions);
            MlflowJsonWriter.WriteNonEmpty(w, "user_id", userId);
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// MLflow's protocol keeps no transition history; this calls Quarry's <c>GET /api/quarry/models/{name}/transitions</c>,
    /// so it needs a Quarry server (InvalidState naming the server otherwise).
    /// </remarks>
    public async Task<IReadOnlyList<StageTransition>> GetTransitionHistoryAsync(string name, string? version = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var json = await _http.GetQuarryAsync($"models/{Uri.EscapeDataString(name)}/transitions",
            "MLflow's protocol has no stage-transition history, only a Quarry server keeps one " +
            "(fix: read it where the registry's database is, e.g. quarry models history NAME --tracking-uri sqlite:PATH)",
            cancellationToken, ("version", version)).ConfigureAwait(false);
        return MlflowJsonReader.ReadList(json.RootElement, "transitions", t => MlflowRegistryJson.ReadTransition(name, t));
    }

    /// <inheritdoc />
    public Task DeleteModelVersionAsync(string name, string version, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, "model-versions/delete", w => WriteVersionKey(w, name, version), cancellationToken);

    /// <inheritdoc />
    public async Task<ModelVersionsPage> SearchModelVersionsAsync(string? filter, int maxResults, IReadOnlyList<string>? orderBy,
        string? pageToken, CancellationToken cancellationToken = default)
    {
        using var json = await _http.GetAsync("model-versions/search", cancellationToken,
            SearchQuery(filter, maxResults, orderBy, pageToken)).ConfigureAwait(false);
        return new ModelVersionsPage(MlflowJsonReader.ReadList(json.RootElement, "model_versions", MlflowRegistryJson.ReadVersion),
            NextPageToken(json));
    }

    /// <inheritdoc />
    public Task SetModelVersionTagAsync(string name, string version, string key, string value, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "model-versions/set-tag", w =>
        {
            WriteVersionKey(w, name, version);
            w.WriteString("key", key);
            w.WriteString("value", value);
        }, cancellationToken);

    /// <inheritdoc />
    public Task DeleteModelVersionTagAsync(string name, string version, string key, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, "model-versions/delete-tag", w =>
        {
            WriteVersionKey(w, name, version);
            w.WriteString("key", key);
        }, cancellationToken);

    /// <summary>Closes the connection pool.</summary>
    public void Dispose() => _http.Dispose();

    async Task SendAsync(HttpMethod method, string path, Action<Utf8JsonWriter> body, CancellationToken ct)
    {
        using var _ = await _http.SendJsonAsync(method, path, body, ct).ConfigureAwait(false);
    }

    async Task<RegisteredModel> ModelAsync(HttpMethod method, string path, Action<Utf8JsonWriter> body, CancellationToken ct)
    {
        using var json = await _http.SendJsonAsync(method, path, body, ct).ConfigureAwait(false);
        return ReadModel(json, path);
    }

    async Task<ModelVersion> VersionAsync(HttpMethod method, string path, Action<Utf8JsonWriter> body, CancellationToken ct)
    {
        using var json = await _http.SendJsonAsync(method, path, body, ct).ConfigureAwait(false);
        return ReadVersion(json, path);
    }

    static (string Name, string? Value)[] SearchQuery(string? filter, int maxResults, IReadOnlyList<string>? orderBy, string? pageToken)
    {
        var query = new List<(string, string?)>
        {
            ("filter", string.IsNullOrEmpty(filter) ? null : filter),
            ("max_results", maxResults.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("page_token", string.IsNullOrEmpty(pageToken) ? null : pageToken),
        };
        foreach (var key in orderBy ?? []) query.Add(("order_by", key));
        return [.. query];
    }

    static string? NextPageToken(JsonDocument json) =>
        MlflowValues.GetString(json.RootElement, "next_page_token") is { Length: > 0 } token ? token : null;

    static void WriteVersionKey(Utf8JsonWriter w, string name, string version)
    {
        w.WriteString("name", name);
        w.WriteString("version", version);
    }

    static void WriteTags(Utf8JsonWriter w, IReadOnlyDictionary<string, string>? tags)
    {
        if (tags is not { Count: > 0 }) return;
        w.WriteStartArray("tags");
        foreach (var (key, value) in tags) MlflowJsonWriter.WriteTag(w, key, value);
        w.WriteEndArray();
    }

    static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0) return;
        w.WriteStartArray(name);
        foreach (var value in values) w.WriteStringValue(value);
        w.WriteEndArray();
    }

    static RegisteredModel ReadModel(JsonDocument json, string path) =>
        MlflowValues.TryGetField(json.RootElement, "registered_model", out var model) ? MlflowRegistryJson.ReadModel(model)
            : throw Malformed(path, "registered_model");

    static ModelVersion ReadVersion(JsonDocument json, string path) =>
        MlflowValues.TryGetField(json.RootElement, "model_version", out var version) ? MlflowRegistryJson.ReadVersion(version)
            : throw Malformed(path, "model_version");

    static QuarryException Malformed(string path, string field) =>
        new(ErrorCode.InvalidData, $"The tracking server's answer to {path} has no '{field}' (is it an MLflow-compatible server?).");
}
