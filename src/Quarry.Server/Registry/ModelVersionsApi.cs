using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quarry.Server.Mlflow;
using Quarry.Tracking.Registry;
using Quarry.Tracking.Rest;

namespace Quarry.Server.Registry;

/// <summary>
/// MLflow's <c>model-versions/*</c> RPCs (spec <c>mlflow-rest.md</c> §5) under both MLflow prefixes: create, get,
/// update (PATCH), transition-stage (with <c>archive_existing_versions</c>), delete, search, get-download-uri and tags.
/// </summary>
internal static class ModelVersionsApi
{
    static readonly string[] Patch = ["PATCH"], Delete = ["DELETE"];

    public static IEndpointRouteBuilder MapModelVersions(this IEndpointRouteBuilder app)
    {
        app.MapMlflow(MlflowRoutes.Post, "model-versions/create", Create);
        app.MapMlflow(MlflowRoutes.Get, "model-versions/get", Get);
        app.MapMlflow(Patch, "model-versions/update", Update);
        app.MapMlflow(MlflowRoutes.Post, "model-versions/transition-stage", Transition);
        app.MapMlflow(Delete, "model-versions/delete", DeleteVersion);
        app.MapMlflow(MlflowRoutes.Get, "model-versions/search", Search);
        app.MapMlflow(MlflowRoutes.Get, "model-versions/get-download-uri", DownloadUri);
        app.MapMlflow(MlflowRoutes.Post, "model-versions/set-tag", SetTag);
        app.MapMlflow(Delete, "model-versions/delete-tag", DeleteTag);
        return app;
    }

    static async Task Create(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        var version = await context.Registry().CreateModelVersionAsync(request.RequiredString("name"), request.RequiredString("source"),
            NonEmpty(request.String("run_id")), RegistryRequests.Tags(request), NonEmpty(request.String("run_link")),
            request.String("description"), context.RecordedUser(request), context.RequestAborted).ConfigureAwait(false);
        RegistryRequests.Reply(context, "model_version", version);
    }

    static async Task Get(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        var version = await context.Registry().GetModelVersionAsync(request.RequiredString("name"), request.RequiredString("version"),
            context.RequestAborted).ConfigureAwait(false);
        RegistryRequests.Reply(context, "model_version", version);
    }

    static async Task Update(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        var version = await context.Registry().UpdateModelVersionAsync(request.RequiredString("name"), request.RequiredString("version"),
            request.String("description"), context.RequestAborted).ConfigureAwait(false);
        RegistryRequests.Reply(context, "model_version", version);
    }

    static async Task Transition(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        string name = request.RequiredString("name"), number = request.RequiredString("version");
        var stage = ModelStages.Parse(request.RequiredString("stage"));
        bool archive = request.Bool("archive_existing_versions") ?? throw MlflowErrors.MissingParameter("archive_existing_versions");
        var version = await context.Registry().TransitionStageAsync(name, number, stage, archive, context.RecordedUser(request), context.RequestAborted)
            .ConfigureAwait(false);
        RegistryRequests.Reply(context, "model_version", version);
    }

    static async Task DeleteVersion(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        await context.Registry().DeleteModelVersionAsync(request.RequiredString("name"), request.RequiredString("version"),
            context.RequestAborted).ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    static async Task Search(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        int max = request.Int32("max_results", 1, RegistrySearchLimits.MaxVersionsMaxResults) ?? RegistrySearchLimits.DefaultVersionsMaxResults;
        var page = await context.Registry().SearchModelVersionsAsync(request.String("filter"), max, request.Strings("order_by"),
            request.String("page_token"), context.RequestAborted).ConfigureAwait(false);
        RegistryRequests.Reply(context, "model_versions", page.Versions, page.NextPageToken);
    }

    static async Task DownloadUri(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        var version = await context.Registry().GetModelVersionAsync(request.RequiredString("name"), request.RequiredString("version"),
            context.RequestAborted).ConfigureAwait(false);
        string uri = await ModelVersionSource.ResolveAsync(context, version).ConfigureAwait(false);
        RegistryRequests.Reply(context, json => json.WriteString("artifact_uri", uri));
    }

    static async Task SetTag(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        await context.Registry().SetModelVersionTagAsync(request.RequiredString("name"), request.RequiredString("version"),
            request.RequiredString("key"), request.PresentString("value"), context.RequestAborted).ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    static async Task DeleteTag(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        await context.Registry().DeleteModelVersionTagAsync(request.RequiredString("name"), request.RequiredString("version"),
            request.RequiredString("key"), context.RequestAborted).ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
