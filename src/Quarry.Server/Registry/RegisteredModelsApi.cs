using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quarry.Server.Mlflow;
using Quarry.Tracking.Registry;
using Quarry.Tracking.Rest;

namespace Quarry.Server.Registry;

/// <summary>
/// MLflow's <c>registered-models/*</c> RPCs (spec <c>mlflow-rest.md</c> §5) under both MLflow prefixes: create, get,
/// rename, update (PATCH), delete (DELETE with a JSON body), search, get-latest-versions, tags and aliases.
/// </summary>
internal static class RegisteredModelsApi
{
    static readonly string[] Patch = ["PATCH"], Delete = ["DELETE"];

    public static IEndpointRouteBuilder MapRegisteredModels(this IEndpointRouteBuilder app)
    {
        app.MapMlflow(MlflowRoutes.Post, "registered-models/create", Create);
        app.MapMlflow(MlflowRoutes.Get, "registered-models/get", Get);
        app.MapMlflow(MlflowRoutes.Post, "registered-models/rename", Rename);
        app.MapMlflow(Patch, "registered-models/update", Update);
        app.MapMlflow(Delete, "registered-models/delete", DeleteModel);
        app.MapMlflow(MlflowRoutes.Get, "registered-models/search", Search);
        app.MapMlflow(MlflowRoutes.GetOrPost, "registered-models/get-latest-versions", LatestVersions);
        app.MapMlflow(MlflowRoutes.Post, "registered-models/set-tag", SetTag);
        app.MapMlflow(Delete, "registered-models/delete-tag", DeleteTag);
        app.MapMlflow(MlflowRoutes.Post, "registered-models/alias", SetAlias);
        app.MapMlflow(Delete, "registered-models/alias", DeleteAlias);
        app.MapMlflow(MlflowRoutes.Get, "registered-models/alias", GetByAlias);
        return app;
    }

    static async Task Create(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        var model = await context.Registry().CreateRegisteredModelAsync(request.RequiredString("name"), RegistryRequests.Tags(request),
            request.String("description"), context.RecordedUser(request), context.RequestAborted).ConfigureAwait(false);
        RegistryRequests.Reply(context, "registered_model", model);
    }

    static async Task Get(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        var model = await context.Registry().GetRegisteredModelAsync(request.RequiredString("name"), context.RequestAborted).ConfigureAwait(false);
        RegistryRequests.Reply(context, "registered_model", model);
    }

    static async Task Rename(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        var model = await context.Registry().RenameRegisteredModelAsync(request.RequiredString("name"), request.RequiredString("new_name"),
            context.RequestAborted).ConfigureAwait(false);
        RegistryRequests.Reply(context, "registered_model", model);
    }

    static async Task Update(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        var model = await context.Registry().UpdateRegisteredModelAsync(request.RequiredString("name"), request.String("description"),
            context.RequestAborted).ConfigureAwait(false);
        RegistryRequests.Reply(context, "registered_model", model);
    }

    static async Task DeleteModel(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        await context.Registry().DeleteRegisteredModelAsync(request.RequiredString("name"), context.RequestAborted).ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    static async Task Search(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        int max = request.Int32("max_results", 1, RegistrySearchLimits.MaxModelsMaxResults) ?? RegistrySearchLimits.DefaultModelsMaxResults;
        var page = await context.Registry().SearchRegisteredModelsAsync(request.String("filter"), max, request.Strings("order_by"),
            request.String("page_token"), context.RequestAborted).ConfigureAwait(false);
        RegistryRequests.Reply(context, json =>
        {
            if (page.Models.Count > 0)
            {
                json.WriteStartArray("registered_models");
                foreach (var model in page.Models) MlflowRegistryJson.WriteModel(json, model);
                json.WriteEndArray();
            }
            MlflowJsonWriter.WriteNonEmpty(json, "next_page_token", page.NextPageToken);
        });
    }

    static async Task LatestVersions(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        var stages = request.Strings("stages").Select(ModelStages.Parse).ToList();
        var versions = await context.Registry().GetLatestVersionsAsync(request.RequiredString("name"), stages, context.RequestAborted)
            .ConfigureAwait(false);
        RegistryRequests.Reply(context, "model_versions", versions);
    }

    static async Task SetTag(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        await context.Registry().SetRegisteredModelTagAsync(request.RequiredString("name"), request.RequiredString("key"),
            request.PresentString("value"), context.RequestAborted).ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    static async Task DeleteTag(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        await context.Registry().DeleteRegisteredModelTagAsync(request.RequiredString("name"), request.RequiredString("key"),
            context.RequestAborted).ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    static async Task SetAlias(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        await context.Registry().SetAliasAsync(request.RequiredString("name"), request.RequiredString("alias"), request.RequiredString("version"),
            context.RequestAborted).ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    static async Task DeleteAlias(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        await context.Registry().DeleteAliasAsync(request.RequiredString("name"), request.RequiredString("alias"), context.RequestAborted)
            .ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    static async Task GetByAlias(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        var version = await context.Registry().GetVersionByAliasAsync(request.RequiredString("name"), request.RequiredString("alias"),
            context.RequestAborted).ConfigureAwait(false);
        RegistryRequests.Reply(context, "model_version", version);
    }
}
