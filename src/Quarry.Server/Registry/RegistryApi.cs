using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Quarry.Server.Artifacts;
using Quarry.Server.Mlflow;
using Quarry.Tracking.Artifacts;

namespace Quarry.Server.Registry;

/// <summary>
/// MLflow's model registry REST API (spec <c>mlflow-rest.md</c> §5) over <see cref="Quarry.Tracking.Registry.IModelRegistryStore"/>,
/// plus the web UI's <c>GET /model-versions/get-artifact?name=&amp;version=&amp;path=</c>.
/// </summary>
internal static class RegistryApi
{
    public static IEndpointRouteBuilder MapMlflowRegistry(this IEndpointRouteBuilder app)
    {
        app.MapRegisteredModels();
        app.MapModelVersions();
        app.MapGet("/model-versions/get-artifact", GetArtifact);
        return app;
    }

    static async Task GetArtifact(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        var version = await context.Registry().GetModelVersionAsync(request.RequiredString("name"), request.RequiredString("version"),
            context.RequestAborted).ConfigureAwait(false);
        string root = await ModelVersionSource.StorePathAsync(context, version).ConfigureAwait(false);
        string path = ArtifactPath.ValidateNonRoot(request.String("path"));
        await ArtifactResponses.SendFileAsync(context, context.RequestServices.GetRequiredService<IArtifactStore>(),
            ArtifactPath.Combine(root, path)).ConfigureAwait(false);
    }
}
