using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quarry.Core;
using Quarry.Tracking;
using Quarry.Tracking.Rest;

namespace Quarry.Server.Mlflow;

/// <summary>MLflow's experiment endpoints (spec <c>mlflow-rest.md</c> §3.1): parse, call the store, write JSON.</summary>
internal static class MlflowExperimentsApi
{
    /// <summary>MLflow's <c>SEARCH_MAX_RESULTS_DEFAULT</c> and <c>SEARCH_MAX_RESULTS_THRESHOLD</c>.</summary>
    public const int DefaultMaxResults = 1000, MaxResultsThreshold = 50000;

    public static void MapMlflowExperiments(this IEndpointRouteBuilder app)
    {
        app.MapMlflow(MlflowRoutes.Post, "experiments/create", Create);
        app.MapMlflow(MlflowRoutes.Get, "experiments/get", Get);
        app.MapMlflow(MlflowRoutes.Get, "experiments/get-by-name", GetByName);
        app.MapMlflow(MlflowRoutes.GetOrPost, "experiments/search", Search);
        app.MapMlflow(MlflowRoutes.Get, "experiments/list", List);
        app.MapMlflow(MlflowRoutes.Post, "experiments/update", Update);
        app.MapMlflow(MlflowRoutes.Post, "experiments/delete", Delete);
        app.MapMlflow(MlflowRoutes.Post, "experiments/restore", Restore);
        app.MapMlflow(MlflowRoutes.Post, "experiments/set-experiment-tag", SetTag);
        app.MapMlflow(MlflowRoutes.Post, "experiments/delete-experiment-tag", DeleteTag);
    }

    static async Task Create(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        string name = request.RequiredString("name");
        string? location = request.String("artifact_location");
        CheckArtifactLocation(location);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in request.Objects("tags", MlflowJsonReader.ReadRunTag)) tags[tag.Key] = tag.Value;
        string id = await context.TrackingStore().CreateExperimentAsync(name, string.IsNullOrEmpty(location) ? null : location, tags,
            context.RequestAborted).ConfigureAwait(false);
        using var json = MlflowResponse.Json(context);
        json.WriteStartObject();
        json.WriteString("experiment_id", id);
        json.WriteEndObject();
    }

    static void CheckArtifactLocation(string? location)
    {
        if (string.IsNullOrEmpty(location)) return;
        if (location.StartsWith("runs:", StringComparison.OrdinalIgnoreCase))
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"'artifact_location' cannot be a runs:/ URI ('{location}') (fix: give a directory or URI such as mlflow-artifacts:/name, or omit it).");
        if (location.Contains('#', StringComparison.Ordinal) || location.Contains(';', StringComparison.Ordinal))
            throw new QuarryException(ErrorCode.InvalidParameter, $"'artifact_location' URL can't include fragments or params ('{location}').");
        int query = location.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0 && Uri.UnescapeDataString(location[(query + 1)..]).Contains("..", StringComparison.Ordinal))
            throw new QuarryException(ErrorCode.InvalidParameter, $"Invalid query string in 'artifact_location': it may not contain '..' ('{location}').");
    }

    static async Task Get(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        var experiment = await context.TrackingStore().GetExperimentAsync(request.RequiredString("experiment_id"), context.RequestAborted).ConfigureAwait(false);
        WriteExperiment(context, experiment);
    }

    static async Task GetByName(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        string name = request.RequiredString("experiment_name");
        var experiment = await context.TrackingStore().GetExperimentByNameAsync(name, context.RequestAborted).ConfigureAwait(false)
            ?? throw new QuarryException(ErrorCode.NotFound, $"Could not find experiment with name '{name}'");
        WriteExperiment(context, experiment);
    }

    static void WriteExperiment(HttpContext context, Experiment experiment) =>
        MlflowResponse.Wrapped(context, "experiment", experiment, MlflowJsonWriter.WriteExperiment);

    static async Task Search(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        int max = request.Int32("max_results", 1, MaxResultsThreshold) ?? DefaultMaxResults;
        await WritePage(context, request, max).ConfigureAwait(false);
    }

    /// <summary>MLflow 1.x's experiments/list (removed in 2.0), served as search with a large default page for old clients.</summary>
    static async Task List(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        int max = request.Int32("max_results", 1, MaxResultsThreshold) ?? MaxResultsThreshold;
        await WritePage(context, request, max).ConfigureAwait(false);
    }

    static async Task WritePage(HttpContext context, MlflowRequest request, int max)
    {
        var page = await context.TrackingStore().SearchExperimentsAsync(request.String("filter"), request.ViewType("view_type"), max,
            request.Strings("order_by"), request.String("page_token"), context.RequestAborted).ConfigureAwait(false);
        using var json = MlflowResponse.Json(context);
        MlflowJsonWriter.WriteExperimentsPage(json, page);
    }

    static async Task Update(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        string id = request.RequiredString("experiment_id");
        await context.TrackingStore().RenameExperimentAsync(id, request.RequiredString("new_name"), context.RequestAborted).ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    static async Task Delete(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        await context.TrackingStore().DeleteExperimentAsync(request.RequiredString("experiment_id"), context.RequestAborted).ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    static async Task Restore(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        await context.TrackingStore().RestoreExperimentAsync(request.RequiredString("experiment_id"), context.RequestAborted).ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    static async Task SetTag(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        string id = request.RequiredString("experiment_id"), key = request.RequiredString("key");
        await context.TrackingStore().SetExperimentTagAsync(id, key, request.PresentString("value"), context.RequestAborted).ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    static async Task DeleteTag(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        string id = request.RequiredString("experiment_id"), key = request.RequiredString("key");
        await context.TrackingStore().DeleteExperimentTagAsync(id, key, context.RequestAborted).ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }
}
