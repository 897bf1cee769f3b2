using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Quarry.Core;
using Quarry.Server.Artifacts;
using Quarry.Tracking.Artifacts;
using Quarry.Tracking.Models;
using Quarry.Tracking.Rest;

namespace Quarry.Server.Mlflow;

/// <summary>
/// MLflow 3's logged-model endpoints (spec <c>mlflow-rest.md</c> §6) under both MLflow prefixes: parse, call the
/// <see cref="ILoggedModelStore"/>, write JSON. The model id and tag key come from the path (the tag key may contain
/// <c>/</c>, escaped or not). The search's <c>datasets</c> field is accepted and ignored.
/// </summary>
internal static class MlflowLoggedModelsApi
{
    /// <summary>MLflow's default page size of logged-models/search.</summary>
    public const int DefaultMaxResults = 50;

    const string Model = "logged-models/{model_id}";

    public static void MapMlflowLoggedModels(this IEndpointRouteBuilder app)
    {
        app.MapMlflow(MlflowRoutes.Post, "logged-models", Create);
        app.MapMlflow(MlflowRoutes.Post, "logged-models/search", Search);
        app.MapMlflow(MlflowRoutes.Get, Model, Get);
        app.MapMlflow(Patch, Model, Finalize);
        app.MapMlflow(Delete, Model, DeleteModel);
        app.MapMlflow(Patch, Model + "/tags", SetTags);
        app.MapMlflow(Delete, Model + "/tags/{**tag_key}", DeleteTag);
        app.MapMlflow(MlflowRoutes.Post, Model + "/params", LogParams);
        app.MapMlflow(MlflowRoutes.Get, Model + "/artifacts/directories", ListArtifacts);
    }

    static readonly string[] Patch = ["PATCH"], Delete = ["DELETE"];

    static async Task Create(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        var model = new NewLoggedModel(request.RequiredString("experiment_id"))
        {
            Name = request.String("name"),
            ModelType = request.String("model_type"),
            SourceRunId = request.String("source_run_id"),
            Params = request.Objects("params", MlflowJsonReader.ReadParam),
            Tags = request.Objects("tags", MlflowJsonReader.ReadRunTag),
        };
        WriteModel(context, await context.LoggedModelStore().CreateLoggedModelAsync(model, context.RequestAborted).ConfigureAwait(false));
    }

    static async Task Get(HttpContext context) =>
        WriteModel(context, await context.LoggedModelStore().GetLoggedModelAsync(ModelId(context), context.RequestAborted).ConfigureAwait(false));

    static async Task Finalize(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        string text = request.RequiredString("status");
        if (!LoggedModelJson.TryParseStatus(text, out var status)) throw LoggedModelJson.InvalidStatus("status", text);
        WriteModel(context, await context.LoggedModelStore().FinalizeLoggedModelAsync(ModelId(context), status, context.RequestAborted)
            .ConfigureAwait(false));
    }

    static async Task DeleteModel(HttpContext context)
    {
        await context.LoggedModelStore().DeleteLoggedModelAsync(ModelId(context), context.RequestAborted).ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    static async Task SetTags(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        await context.LoggedModelStore().SetLoggedModelTagsAsync(ModelId(context), request.Objects("tags", MlflowJsonReader.ReadRunTag),
            context.RequestAborted).ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    static async Task DeleteTag(HttpContext context)
    {
        string key = Uri.UnescapeDataString(context.Request.RouteValues["tag_key"] as string ?? "");
        await context.LoggedModelStore().DeleteLoggedModelTagAsync(ModelId(context), key, context.RequestAborted).ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    static async Task LogParams(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        await context.LoggedModelStore().LogLoggedModelParamsAsync(ModelId(context), request.Objects("params", MlflowJsonReader.ReadParam),
            context.RequestAborted).ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    static async Task Search(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        int max = request.Int32("max_results", 1, MlflowExperimentsApi.MaxResultsThreshold) ?? DefaultMaxResults;
        var page = await context.LoggedModelStore().SearchLoggedModelsAsync(request.Strings("experiment_ids"), request.String("filter"),
            request.Objects("order_by", LoggedModelJson.ReadOrder), max, request.String("page_token"), context.RequestAborted).ConfigureAwait(false);
        using var json = MlflowResponse.Json(context);
        LoggedModelJson.WriteLoggedModelsPage(json, page);
    }

    /// <summary>The files under the model's artifact folder (<c>artifact_directory_path</c> relative to it), with its <c>root_uri</c>.</summary>
    static async Task ListArtifacts(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        var model = await context.LoggedModelStore().GetLoggedModelAsync(ModelId(context), context.RequestAborted).ConfigureAwait(false);
        if (!ProxiedArtifactUri.TryGetPath(model.ArtifactUri, out var root))
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"Logged model '{model.ModelId}' keeps its artifacts at '{model.ArtifactUri}', which this server does not serve " +
                "(only mlflow-artifacts:/ URIs are proxied; fix: read them from that location directly).");
        string relative = ArtifactPath.Validate(request.String("artifact_directory_path"));
        var store = context.RequestServices.GetRequiredService<IArtifactStore>();
        var files = await store.ListAsync(ArtifactPath.Combine(root, relative), context.RequestAborted).ConfigureAwait(false);
        await ArtifactResponses.WriteFilesAsync(context, files, path => path[(root.Length == 0 ? 0 : root.Length + 1)..], model.ArtifactUri)
            .ConfigureAwait(false);
    }

    static string ModelId(HttpContext context) =>
        context.Request.RouteValues["model_id"] as string is { Length: > 0 } id ? id : throw MlflowErrors.MissingParameter("model_id");

    static void WriteModel(HttpContext context, LoggedModel model) =>
        MlflowResponse.Wrapped(context, "model", model, LoggedModelJson.WriteLoggedModel);
}
