using System.Text.Json;
using Quarry.Core;
using Quarry.Tracking.Models;

namespace Quarry.Tracking.Rest.Internal;

/// <summary>MLflow 3's logged-model RPCs and runs/outputs over <see cref="MlflowHttp"/>, for <see cref="RestTrackingStore"/>.</summary>
internal sealed class RestLoggedModels(MlflowHttp http)
{
    const string Root = "logged-models";

    public async Task<LoggedModel> CreateAsync(NewLoggedModel model, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var json = await http.PostAsync(Root, w =>
        {
            w.WriteString("experiment_id", model.ExperimentId);
            MlflowJsonWriter.WriteNonEmpty(w, "name", model.Name);
            MlflowJsonWriter.WriteNonEmpty(w, "model_type", model.ModelType);
            MlflowJsonWriter.WriteNonEmpty(w, "source_run_id", model.SourceRunId);
            LoggedModelJson.WriteKeyValues(w, "params", [.. model.Params.Select(p => (p.Key, p.Value))]);
            LoggedModelJson.WriteKeyValues(w, "tags", [.. model.Tags.Select(t => (t.Key, t.Value))]);
        }, ct).ConfigureAwait(false);
        return Model(json, Root);
    }

    public async Task<LoggedModel> GetAsync(string modelId, CancellationToken ct)
    {
        using var json = await http.SendJsonAsync(HttpMethod.Get, ModelPath(modelId), null, ct).ConfigureAwait(false);
        return Model(json, Root + "/{model_id}");
    }

    public async Task<LoggedModel> FinalizeAsync(string modelId, LoggedModelStatus status, CancellationToken ct)
    {
        using var json = await http.SendJsonAsync(HttpMethod.Patch, ModelPath(modelId), w =>
        {
            w.WriteString("model_id", modelId);
            w.WriteString("status", LoggedModelJson.StatusName(status));
        }, ct).ConfigureAwait(false);
        return Model(json, Root + "/{model_id}");
    }

    public async Task DeleteAsync(string modelId, CancellationToken ct)
    {
        using var _ = await http.SendJsonAsync(HttpMethod.Delete, ModelPath(modelId), null, ct).ConfigureAwait(false);
    }

    public async Task SetTagsAsync(string modelId, IReadOnlyList<RunTag> tags, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tags);
        using var _ = await http.SendJsonAsync(HttpMethod.Patch, ModelPath(modelId) + "/tags", w =>
        {
            w.WriteString("model_id", modelId);
            w.WriteStartArray("tags");
            foreach (var t in tags) MlflowJsonWriter.WriteTag(w, t.Key, t.Value);
            w.WriteEndArray();
        }, ct).ConfigureAwait(false);
    }

    public async Task DeleteTagAsync(string modelId, string key, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(key)) throw MlflowErrors.MissingParameter("tag_key");
        using var _ = await http.SendJsonAsync(HttpMethod.Delete, ModelPath(modelId) + "/tags/" + Uri.EscapeDataString(key), null, ct).ConfigureAwait(false);
    }

    public async Task LogParamsAsync(string modelId, IReadOnlyList<Param> @params, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(@params);
        using var _ = await http.PostAsync(ModelPath(modelId) + "/params", w =>
        {
            w.WriteString("model_id", modelId);
            LoggedModelJson.WriteKeyValues(w, "params", [.. @params.Select(p => (p.Key, p.Value))]);
        }, ct).ConfigureAwait(false);
    }

    public async Task<LoggedModelsPage> SearchAsync(IReadOnlyList<string> experimentIds, string? filter, IReadOnlyList<LoggedModelOrder>? orderBy,
        int maxResults, string? pageToken, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(experimentIds);
        using var json = await http.PostAsync(Root + "/search", w =>
        {
            w.WriteStartArray("experiment_ids");
            foreach (var id in experimentIds) w.WriteStringValue(id);
            w.WriteEndArray();
            MlflowJsonWriter.WriteNonEmpty(w, "filter", filter);
            w.WriteNumber("max_results", maxResults);
            if (orderBy is { Count: > 0 })
            {
                w.WriteStartArray("order_by");
                foreach (var o in orderBy) LoggedModelJson.WriteOrder(w, o);
                w.WriteEndArray();
            }
            MlflowJsonWriter.WriteNonEmpty(w, "page_token", pageToken);
        }, ct).ConfigureAwait(false);
        return LoggedModelJson.ReadLoggedModelsPage(json.RootElement);
    }

    public async Task LogInputsAsync(string runId, IReadOnlyList<string> modelIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(modelIds);
        using var _ = await http.PostAsync("runs/log-inputs", w =>
        {
            w.WriteString("run_id", runId);
            w.WriteStartArray("models");
            foreach (var id in modelIds) LoggedModelJson.WriteModelInput(w, id);
            w.WriteEndArray();
        }, ct).ConfigureAwait(false);
    }

    public async Task LogOutputsAsync(string runId, IReadOnlyList<LoggedModelOutput> models, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(models);
        using var _ = await http.PostAsync("runs/outputs", w =>
        {
            w.WriteString("run_id", runId);
            w.WriteStartArray("models");
            foreach (var m in models) LoggedModelJson.WriteModelOutput(w, m);
            w.WriteEndArray();
        }, ct).ConfigureAwait(false);
    }

    static string ModelPath(string modelId) =>
        string.IsNullOrEmpty(modelId) ? throw MlflowErrors.MissingParameter("model_id") : Root + "/" + Uri.EscapeDataString(modelId);

    static LoggedModel Model(JsonDocument json, string path) =>
        MlflowValues.TryGetField(json.RootElement, "model", out var m) ? LoggedModelJson.ReadLoggedModel(m)
            : throw new QuarryException(ErrorCode.InvalidData, $"The tracking server's answer to {path} has no 'model' (does it support MLflow 3's logged models?).");
}
