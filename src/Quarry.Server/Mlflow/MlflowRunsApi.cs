using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quarry.Core;
using Quarry.Tracking;
using Quarry.Tracking.Rest;

namespace Quarry.Server.Mlflow;

/// <summary>MLflow's run endpoints (spec <c>mlflow-rest.md</c> §3.2): parse, call the store, write JSON.</summary>
internal static class MlflowRunsApi
{
    /// <summary>The run tag MLflow 2.x's <c>log_model</c> appends each model's metadata to (a JSON list).</summary>
    public const string LogModelHistoryTag = "mlflow.log-model.history";

    public static void MapMlflowRuns(this IEndpointRouteBuilder app)
    {
        app.MapMlflow(MlflowRoutes.Post, "runs/create", Create);
        app.MapMlflow(MlflowRoutes.Get, "runs/get", Get);
        app.MapMlflow(MlflowRoutes.Post, "runs/update", Update);
        app.MapMlflow(MlflowRoutes.Post, "runs/delete", Delete);
        app.MapMlflow(MlflowRoutes.Post, "runs/restore", Restore);
        app.MapMlflow(MlflowRoutes.Post, "runs/search", Search);
        app.MapMlflow(MlflowRoutes.Post, "runs/log-metric", LogMetric);
        app.MapMlflow(MlflowRoutes.Post, "runs/log-parameter", LogParam);
        app.MapMlflow(MlflowRoutes.Post, "runs/log-batch", LogBatch);
        app.MapMlflow(MlflowRoutes.Post, "runs/log-model", LogModel);
        app.MapMlflow(MlflowRoutes.Post, "runs/log-inputs", LogInputs);
        app.MapMlflow(MlflowRoutes.Post, "runs/outputs", LogOutputs);
        app.MapMlflow(MlflowRoutes.Post, "runs/set-tag", SetTag);
        app.MapMlflow(MlflowRoutes.Post, "runs/delete-tag", DeleteTag);
    }

    static async Task Create(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        string experimentId = request.String("experiment_id") is { Length: > 0 } id ? id : "0";
        long startTime = request.Int64("start_time") ?? context.Time().GetUtcNow().ToUnixTimeMilliseconds();
        var tags = request.Objects("tags", MlflowJsonReader.ReadRunTag);
        var run = await context.TrackingStore().CreateRunAsync(experimentId, request.String("user_id") ?? "", startTime,
            request.String("run_name"), tags, context.RequestAborted).ConfigureAwait(false);
        WriteRun(context, run);
    }

    static async Task Get(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        WriteRun(context, await context.TrackingStore().GetRunAsync(request.RunId(), context.RequestAborted).ConfigureAwait(false));
    }

    static void WriteRun(HttpContext context, Run run) => MlflowResponse.Wrapped(context, "run", run, MlflowJsonWriter.WriteRun);

    static async Task Update(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        var info = await context.TrackingStore().UpdateRunAsync(request.RunId(), request.RunStatus("status"), request.Int64("end_time"),
            request.String("run_name"), context.RequestAborted).ConfigureAwait(false);
        MlflowResponse.Wrapped(context, "run_info", info, MlflowJsonWriter.WriteRunInfo);
    }

    static async Task Delete(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        await context.TrackingStore().DeleteRunAsync(request.RunId(), context.RequestAborted).ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    static async Task Restore(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        await context.TrackingStore().RestoreRunAsync(request.RunId(), context.RequestAborted).ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    static async Task Search(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        int max = request.Int32("max_results", 1, MlflowExperimentsApi.MaxResultsThreshold) ?? MlflowExperimentsApi.DefaultMaxResults;
        var page = await context.TrackingStore().SearchRunsAsync(request.Strings("experiment_ids"), request.String("filter"),
            request.ViewType("run_view_type"), max, request.Strings("order_by"), request.String("page_token"), context.RequestAborted).ConfigureAwait(false);
        using var json = MlflowResponse.Json(context);
        MlflowJsonWriter.WriteRunsPage(json, page);
    }

    static async Task LogMetric(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        string runId = request.RunId(), key = request.RequiredString("key");
        var metric = new Metric(key, request.RequiredDouble("value"), request.RequiredInt64("timestamp"), request.Int64("step") ?? 0);
        await context.TrackingStore().LogBatchAsync(runId, [metric], null, null, context.RequestAborted).ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    static async Task LogParam(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        string runId = request.RunId(), key = request.RequiredString("key");
        await context.TrackingStore().LogBatchAsync(runId, null, [new Param(key, request.PresentString("value"))], null, context.RequestAborted)
            .ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    static async Task SetTag(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        string runId = request.RunId(), key = request.RequiredString("key");
        await context.TrackingStore().LogBatchAsync(runId, null, null, [new RunTag(key, request.PresentString("value"))], context.RequestAborted)
            .ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    static async Task DeleteTag(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        string runId = request.RunId();
        await context.TrackingStore().DeleteTagAsync(runId, request.RequiredString("key"), context.RequestAborted).ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    static async Task LogBatch(HttpContext context)
    {
        var body = await MlflowRequest.ReadBodyAsync(context, MlflowRequest.MaxBatchBody).ConfigureAwait(false);
        var batch = LogBatchJson.TryRead(body) ?? ReadLeniently(body);
        await context.TrackingStore().LogBatchAsync(batch.RunId, batch.Metrics, batch.Params, batch.Tags, context.RequestAborted).ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    /// <summary>A log-batch body <see cref="LogBatchJson"/> declined, read with MLflow's leniency and errors.</summary>
    static LogBatchBody ReadLeniently(byte[] body)
    {
        using var request = MlflowRequest.FromBody(body);
        string runId = request.RunId();
        return new LogBatchBody(runId, request.Objects("metrics", MlflowJsonReader.ReadMetric),
            request.Objects("params", MlflowJsonReader.ReadParam), request.Objects("tags", MlflowJsonReader.ReadRunTag));
    }

    /// <summary>MLflow's runs/log-inputs: the datasets and (MLflow 3) logged models a run used.</summary>
    static async Task LogInputs(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        string runId = request.RunId();
        var inputs = request.Objects("datasets", MlflowJsonReader.ReadRunInput);
        var models = request.Objects("models", LoggedModelJson.ReadModelInput);
        if (inputs.Count > 0 || models.Count == 0)
            await context.TrackingStore().LogInputsAsync(runId, inputs, context.RequestAborted).ConfigureAwait(false);
        if (models.Count > 0)
            await context.LoggedModelStore().LogModelInputsAsync(runId, models, context.RequestAborted).ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    /// <summary>MLflow 3's runs/outputs: the logged models a run produced, with steps.</summary>
    static async Task LogOutputs(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        string runId = request.RunId();
        await context.LoggedModelStore().LogOutputsAsync(runId, request.Objects("models", LoggedModelJson.ReadModelOutput), context.RequestAborted)
            .ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    /// <summary>
    /// MLflow 2.x's runs/log-model: appends the model's metadata to the run's <c>mlflow.log-model.history</c> tag. The
    /// read-append-write is not atomic with a concurrent log-model on the same run (as in MLflow's SQL store).
    /// </summary>
    static async Task LogModel(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        string runId = request.RunId(), modelJson = request.RequiredString("model_json");
        var model = ParseModel(modelJson);
        var store = context.TrackingStore();
        var run = await store.GetRunAsync(runId, context.RequestAborted).ConfigureAwait(false);
        var history = new JsonArray();
        if (run.Data.Tags.FirstOrDefault(t => t.Key == LogModelHistoryTag) is { } previous
            && JsonNode.Parse(previous.Value) is JsonArray earlier)
            foreach (var item in earlier) history.Add(item?.DeepClone());
        history.Add(model);
        await store.LogBatchAsync(runId, null, null, [new RunTag(LogModelHistoryTag, history.ToJsonString())], context.RequestAborted)
            .ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    static JsonObject ParseModel(string modelJson)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(modelJson); }
        catch (JsonException) { node = null; }
        if (node is not JsonObject model)
            throw new QuarryException(ErrorCode.InvalidParameter, $"Malformed model info. \n {modelJson} \n is not a valid JSON.");
        string[] missing = [.. new[] { "artifact_path", "flavors", "utc_time_created", "run_id" }.Where(f => !model.ContainsKey(f))];
        if (missing.Length > 0)
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"Model json is missing mandatory fields: {{{string.Join(", ", missing.Select(f => $"'{f}'"))}}}");
        return model;
    }
}
