using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Quarry.Server.Artifacts;

/// <summary>Wires the artifact endpoints into the app: the proxy, the run-relative routes and the traversal guard.</summary>
internal static class ArtifactEndpoints
{
    /// <summary>Maps the artifact proxy (§4), <c>mlflow/artifacts/list</c> and the UI's get/upload routes.</summary>
    public static IEndpointRouteBuilder MapArtifacts(this IEndpointRouteBuilder app) => app.MapArtifactProxy().MapRunArtifacts();

    /// <summary>Refuses raw artifact-proxy targets that climb out of the root (before Kestrel's normalization hides them).</summary>
    public static IApplicationBuilder UseArtifactTraversalGuard(this IApplicationBuilder app) => app.UseMiddleware<ArtifactTraversalGuard>();
}
