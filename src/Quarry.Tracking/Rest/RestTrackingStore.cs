using System.Text.Json;
using Quarry.Core;
using Quarry.Tracking.Models;
using Quarry.Tracking.Rest.Internal;
using Quarry.Tracking.Storage.Internal;

namespace Quarry.Tracking.Rest;

/// <summary>
/// <see cref="ITrackingStore"/> and <see cref="ILoggedModelStore"/> (MLflow 3's logged models) over MLflow's REST protocol (spec <c>mlflow-rest.md</c>), for <c>quarry serve</c> or
/// any MLflow-compatible tracking server. One pooled <see cref="HttpClient"/>; HTTP Basic or bearer authentication;
/// transient failures (408, 429, 500, 502, 503, 504, connection errors) retried with exponential backoff, which is
/// safe because MLflow's writes are idempotent; error bodies raised as the <see cref="QuarryException"/> a local store
/// would throw (exactly, through Quarry's <c>quarry_code</c>, from a Quarry server). Batches are checked against
/// MLflow's limits before they are sent. Thread-safe; dispose it to close its connections.
/// </summary>
public sealed class RestTrackingStore : ITrackingStore, ILoggedModelStore, IDisposable
{
    /// <summary>The page size used to list every experiment.</summary>
    const int ListPageSize = 1000;

    readonly MlflowHttp _http;
    readonly RestLoggedModels _loggedModels;

    /// <summary>A store talking to the server of <paramref name="options"/>.</summary>
    public RestTrackingStore(RestTrackingStoreOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _http = new MlflowHttp(options, time ?? TimeProvider.System);
        _loggedModels = new RestLoggedModels(_http);
    }

    /// <summary>A store talking to <paramref name="trackingUri"/> with credentials from MLflow's environment variables (<see cref="RestTrackingStoreOptions.FromEnvironment"/>).</summary>
    public RestTrackingStore(string trackingUri) : this(RestTrackingStoreOptions.FromEnvironment(trackingUri)) { }

    /// <summary>Where and how this store connects.</summary>
    public RestTrackingStoreOptions Options { get; }

    /// <inheritdoc />
    public async Task<string> CreateExperimentAsync(string name, string? artifactLocation = null,
        IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        using var json = await _http.PostAsync("experiments/create", w =>
        {
            w.WriteString("name", name);
            MlflowJsonWriter.WriteNonEmpty(w, "artifact_location", artifactLocation);
            if (tags is { Count: > 0 })
            {
                w.WriteStartArray("tags");
                foreach (var (key, value) in tags) MlflowJsonWriter.WriteTag(w, key, value);
                w.WriteEndArray();
            }
        }, cancellationToken).ConfigureAwait(false);
        return MlflowValues.GetString(json.RootElement, "experiment_id") ?? throw Malformed("experiments/create", "experiment_id");
    }

    /// <inheritdoc />
    public async Task<Experiment> GetExperimentAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        using var json = await _http.GetAsync("experiments/get", cancellationToken, ("experiment_id", experimentId)).ConfigureAwait(false);
        return ReadExperiment(json.RootElement, "experiments/get");
    }

    /// <inheritdoc />
    public async Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            using var json = await _http.GetAsync("experiments/get-by-name", cancellationToken, ("experiment_name", name)).ConfigureAwait(false);
            return ReadExperiment(json.RootElement, "experiments/get-by-name");
        }
        catch (QuarryException e) when (e.Code == ErrorCode.NotFound)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public Task DeleteExperimentAsync(string experimentId, CancellationToken cancellationToken = default) =>
        PostAsync("experiments/delete", w => w.WriteString("experiment_id", experimentId), cancellationToken);

    /// <inheritdoc />
    public Task RestoreExperimentAsync(string experimentId, CancellationToken cancellationToken = default) =>
        PostAsync("experiments/restore", w => w.WriteString("experiment_id", experimentId), cancellationToken);

    /// <inheritdoc />
    public Task RenameExperimentAsync(string experimentId, string newName, CancellationToken cancellationToken = default) =>
        PostAsync("experiments/update", w =>
        {
            w.WriteString("experiment_id", experimentId);
            w.WriteString("new_name", newName);
        }, cancellationToken);

    /// <inheritdoc />
    public Task SetExperimentTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken = default) =>
        PostAsync("experiments/set-experiment-tag", w =>
        {
            w.WriteString("experiment_id", experimentId);
            w.WriteString("key", key);
            w.WriteString("value", value);
        }, cancellationToken);

    /// <inheritdoc />
    public Task DeleteExperimentTagAsync(string experimentId, string key, CancellationToken cancellationToken = default) =>
        PostAsync("experiments/delete-experiment-tag", w =>
        {
            w.WriteString("experiment_id", experimentId);
            w.WriteString("key", key);
        }, cancellationToken);

    /// <inheritdoc />
    /// <remarks>MLflow has no purge RPC (it purges with <c>mlflow gc</c>); this calls Quarry's extension, so it needs a Quarry server.</remarks>
    public Task PurgeExperimentAsync(string experimentId, CancellationToken cancellationToken = default) =>
        _http.PostQuarryAsync("experiments/purge", w => w.WriteString("experiment_id", experimentId), cancellationToken);

    /// <inheritdoc />
    /// <remarks>MLflow has no purge RPC (it purges with <c>mlflow gc</c>); this calls Quarry's extension, so it needs a Quarry server.</remarks>
    public Task PurgeRunAsync(string runId, CancellationToken cancellationToken = default) =>
        _http.PostQuarryAsync("runs/purge", w => w.WriteString("run_id", runId), cancellationToken);

    /// <inheritdoc />
    public Task LogInputsAsync(string runId, IReadOnlyList<RunInput> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(inputs);
        return PostAsync("runs/log-inputs", w =>
        {
            w.WriteString("run_id", runId);
            w.WriteStartArray("datasets");
            foreach (var input in inputs) MlflowJsonWriter.WriteRunInput(w, input);
            w.WriteEndArray();
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Experiment>> ListExperimentsAsync(bool includeDeleted = false, CancellationToken cancellationToken = default)
    {
        var all = new List<Experiment>();
        string? token = null;
        do
        {
            var page = await SearchExperimentsAsync(null, includeDeleted ? ViewType.All : ViewType.ActiveOnly, ListPageSize,
                ["experiment_id ASC"], token, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Experiments);
            token = page.NextPageToken;
        } while (token is not null);
        return all;
    }

    /// <inheritdoc />
    public async Task<Run> CreateRunAsync(string experimentId, string userId, long startTime, string? runName = null,
        IReadOnlyList<RunTag>? tags = null, CancellationToken cancellationToken = default)
    {
        if (tags is not null) BatchValidator.Validate([], [], tags);
        using var json = await _http.PostAsync("runs/create", w =>
        {
            w.WriteString("experiment_id", experimentId);
            MlflowJsonWriter.WriteNonEmpty(w, "user_id", userId);
            w.WriteNumber("start_time", startTime);
            MlflowJsonWriter.WriteNonEmpty(w, "run_name", runName);
            WriteTags(w, tags);
        }, cancellationToken).ConfigureAwait(false);
        return ReadRun(json.RootElement, "runs/create");
    }

    /// <inheritdoc />
    public async Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        using var json = await _http.GetAsync("runs/get", cancellationToken, ("run_id", runId)).ConfigureAwait(false);
        return ReadRun(json.RootElement, "runs/get");
    }

    /// <inheritdoc />
    public async Task<RunInfo> UpdateRunAsync(string runId, RunStatus? status = null, long? endTime = null, string? runName = null,
        CancellationToken cancellationToken = default)
    {
        using var json = await _http.PostAsync("runs/update", w =>
        {
            w.WriteString("run_id", runId);
            w.WriteString("run_uuid", runId);
            if (status is { } s) w.WriteString("status", MlflowEnums.Name(s));
            if (endTime is { } end) w.WriteNumber("end_time", end);
            MlflowJsonWriter.WriteNonEmpty(w, "run_name", runName);
        }, cancellationToken).ConfigureAwait(false);
        return MlflowValues.TryGetField(json.RootElement, "run_info", out var info)
            ? MlflowJsonReader.ReadRunInfo(info) : throw Malformed("runs/update", "run_info");
    }

    /// <inheritdoc />
    public Task DeleteRunAsync(string runId, CancellationToken cancellationToken = default) =>
        PostAsync("runs/delete", w => w.WriteString("run_id", runId), cancellationToken);

    /// <inheritdoc />
    public Task RestoreRunAsync(string runId, CancellationToken cancellationToken = default) =>
        PostAsync("runs/restore", w => w.WriteString("run_id", runId), cancellationToken);

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
        return PostAsync("runs/log-batch", w =>
        {
            w.WriteString("run_id", runId);
            if (metrics.Count > 0)
            {
                w.WriteStartArray("metrics");
                foreach (var m in metrics) MlflowJsonWriter.WriteMetric(w, m);
                w.WriteEndArray();
            }
            if (@params.Count > 0)
            {
                w.WriteStartArray("params");
                foreach (var p in @params) MlflowJsonWriter.WriteTag(w, p.Key, p.Value);
                w.WriteEndArray();
            }
            WriteTags(w, tags);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default)
    {
        var all = new List<Metric>();
        string? token = null;
        do
        {
            using var json = await _http.GetAsync("metrics/get-history", cancellationToken,
                ("run_id", runId), ("metric_key", key), ("page_token", token)).ConfigureAwait(false);
            all.AddRange(MlflowJsonReader.ReadList(json.RootElement, "metrics", MlflowJsonReader.ReadMetric));
            token = MlflowValues.GetString(json.RootElement, "next_page_token") is { Length: > 0 } next ? next : null;
        } while (token is not null);
        return all;
    }

    /// <inheritdoc />
    public Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken = default) =>
        PostAsync("runs/delete-tag", w =>
        {
            w.WriteString("run_id", runId);
            w.WriteString("key", key);
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<RunsPage> SearchRunsAsync(IReadOnlyList<string> experimentIds, string? filter, ViewType viewType, int maxResults,
        IReadOnlyList<string>? orderBy, string? pageToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(experimentIds);
        using var json = await _http.PostAsync("runs/search", w =>
        {
            WriteStrings(w, "experiment_ids", experimentIds);
            MlflowJsonWriter.WriteNonEmpty(w, "filter", filter);
            w.WriteString("run_view_type", MlflowEnums.Name(viewType));
            w.WriteNumber("max_results", maxResults);
            WriteStrings(w, "order_by", orderBy);
            MlflowJsonWriter.WriteNonEmpty(w, "page_token", pageToken);
        }, cancellationToken).ConfigureAwait(false);
        return MlflowJsonReader.ReadRunsPage(json.RootElement);
    }

    /// <inheritdoc />
    public async Task<ExperimentsPage> SearchExperimentsAsync(string? filter, ViewType viewType, int maxResults,
        IReadOnlyList<string>? orderBy, string? pageToken, CancellationToken cancellationToken = default)
    {
        using var json = await _http.PostAsync("experiments/search", w =>
        {
            MlflowJsonWriter.WriteNonEmpty(w, "filter", filter);
            w.WriteString("view_type", MlflowEnums.Name(viewType));
            w.WriteNumber("max_results", maxResults);
            WriteStrings(w, "order_by", orderBy);
            MlflowJsonWriter.WriteNonEmpty(w, "page_token", pageToken);
        }, cancellationToken).ConfigureAwait(false);
        return MlflowJsonReader.ReadExperimentsPage(json.RootElement);
    }

    /// <inheritdoc />
    public Task<LoggedModel> CreateLoggedModelAsync(NewLoggedModel model, CancellationToken cancellationToken = default) =>
        _loggedModels.CreateAsync(model, cancellationToken);

    /// <inheritdoc />
    public Task<LoggedModel> GetLoggedModelAsync(string modelId, CancellationToken cancellationToken = default) =>
        _loggedModels.GetAsync(modelId, cancellationToken);

    /// <inheritdoc />
    public Task<LoggedModel> FinalizeLoggedModelAsync(string modelId, LoggedModelStatus status, CancellationToken cancellationToken = default) =>
        _loggedModels.FinalizeAsync(modelId, status, cancellationToken);

    /// <inheritdoc />
    public Task DeleteLoggedModelAsync(string modelId, CancellationToken cancellationToken = default) =>
        _loggedModels.DeleteAsync(modelId, cancellationToken);

    /// <inheritdoc />
    public Task SetLoggedModelTagsAsync(string modelId, IReadOnlyList<RunTag> tags, CancellationToken cancellationToken = default) =>
        _loggedModels.SetTagsAsync(modelId, tags, cancellationToken);

    /// <inheritdoc />
    public Task DeleteLoggedModelTagAsync(string modelId, string key, CancellationToken cancellationToken = default) =>
        _loggedModels.DeleteTagAsync(modelId, key, cancellationToken);

    /// <inheritdoc />
    public Task LogLoggedModelParamsAsync(string modelId, IReadOnlyList<Param> @params, CancellationToken cancellationToken = default) =>
        _loggedModels.LogParamsAsync(modelId, @params, cancellationToken);

    /// <inheritdoc />
    public Task<LoggedModelsPage> SearchLoggedModelsAsync(IReadOnlyList<string> experimentIds, string? filter,
        IReadOnlyList<LoggedModelOrder>? orderBy, int maxResults, string? pageToken, CancellationToken cancellationToken = default) =>
        _loggedModels.SearchAsync(experimentIds, filter, orderBy, maxResults, pageToken, cancellationToken);

    /// <inheritdoc />
    public Task LogModelInputsAsync(string runId, IReadOnlyList<string> modelIds, CancellationToken cancellationToken = default) =>
        _loggedModels.LogInputsAsync(runId, modelIds, cancellationToken);

    /// <inheritdoc />
    public Task LogOutputsAsync(string runId, IReadOnlyList<LoggedModelOutput> models, CancellationToken cancellationToken = default) =>
        _loggedModels.LogOutputsAsync(runId, models, cancellationToken);

    /// <summary>Closes the connection pool.</summary>
    public void Dispose() => _http.Dispose();

    async Task PostAsync(string path, Action<Utf8JsonWriter> body, CancellationToken ct)
    {
        using var _ = await _http.PostAsync(path, body, ct).ConfigureAwait(false);
    }

    static void WriteTags(Utf8JsonWriter w, IReadOnlyList<RunTag>? tags)
    {
        if (tags is not { Count: > 0 }) return;
        w.WriteStartArray("tags");
        foreach (var t in tags) MlflowJsonWriter.WriteTag(w, t.Key, t.Value);
        w.WriteEndArray();
    }

    static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string>? values)
    {
        if (values is not { Count: > 0 }) return;
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    static Experiment ReadExperiment(JsonElement root, string path) =>
        MlflowValues.TryGetField(root, "experiment", out var e) ? MlflowJsonReader.ReadExperiment(e) : throw Malformed(path, "experiment");

    static Run ReadRun(JsonElement root, string path) =>
        MlflowValues.TryGetField(root, "run", out var r) ? MlflowJsonReader.ReadRun(r) : throw Malformed(path, "run");

    static QuarryException Malformed(string path, string field) =>
        new(ErrorCode.InvalidData, $"The tracking server's answer to {path} has no '{field}' (is it an MLflow-compatible server?).");
}
