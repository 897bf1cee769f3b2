using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Quarry.Server.Hosting;
using Quarry.Server.Mlflow;
using Quarry.Tracking.Artifacts;

namespace Quarry.Server.Artifacts;

/// <summary>
/// MLflow's artifact proxy (spec <c>mlflow-rest.md</c> §4) under <c>/api/2.0/mlflow-artifacts/</c> and
/// <c>/ajax-api/2.0/mlflow-artifacts/</c>: streamed download (with Range) and upload, listing (basename paths) and
/// delete of paths under the server's artifact root. Multipart upload answers 501: MLflow clients use it only with
/// cloud stores, and fall back to a plain PUT.
/// </summary>
internal static class ArtifactProxyApi
{
    /// <summary>The proxy's two prefixes.</summary>
    public static readonly string[] Prefixes = ["/api/2.0/mlflow-artifacts/", "/ajax-api/2.0/mlflow-artifacts/"];

    public static IEndpointRouteBuilder MapArtifactProxy(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in Prefixes)
        {
            app.MapGet(prefix + "artifacts/{**path}", Download);
            app.MapPut(prefix + "artifacts/{**path}", Upload);
            app.MapDelete(prefix + "artifacts/{**path}", Delete);
            app.MapGet(prefix + "artifacts", List);
            app.MapPost(prefix + "mpu/{**operation}", MultipartNotImplemented);
        }
        return app;
    }

    static IArtifactStore Store(HttpContext context) => context.RequestServices.GetRequiredService<IArtifactStore>();

    static string RoutePath(HttpContext context) => ArtifactPath.ValidateNonRoot(context.GetRouteValue("path") as string);

    static Task Download(HttpContext context) => ArtifactResponses.SendFileAsync(context, Store(context), RoutePath(context));

    static async Task Upload(HttpContext context)
    {
        await Store(context).WriteAsync(RoutePath(context), context.Request.Body, context.RequestAborted).ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    static async Task Delete(HttpContext context)
    {
        await Store(context).DeleteAsync(RoutePath(context), context.RequestAborted).ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    static async Task List(HttpContext context)
    {
        string directory = ArtifactPath.Validate(context.Request.Query["path"].FirstOrDefault());
        var files = await Store(context).ListAsync(directory, context.RequestAborted).ConfigureAwait(false);
        await ArtifactResponses.WriteFilesAsync(context, files, ArtifactPath.Name).ConfigureAwait(false);
    }

    static Task MultipartNotImplemented(HttpContext context) =>
        ErrorMiddleware.Write(context, StatusCodes.Status501NotImplemented, "NOT_IMPLEMENTED",
            "Multipart upload is not supported by this server's local artifact store (fix: upload with a plain PUT to " +
            "mlflow-artifacts/artifacts/<path>; MLflow clients do so unless MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD=true).", null);
}
