using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Quarry.Core;
using Quarry.Server.Mlflow;
using Quarry.Tracking;
using Quarry.Tracking.Artifacts;
using Quarry.Tracking.Rest;

namespace Quarry.Server.Artifacts;

/// <summary>
/// Artifact routes addressed by run: <c>GET mlflow/artifacts/list</c> (spec §3.2: run-relative paths and the run's
/// <c>root_uri</c>) under both MLflow prefixes, and the web UI's <c>GET /get-artifact?run_uuid=&amp;path=</c> and
/// <c>POST /ajax-api/2.0/mlflow/upload-artifact?run_uuid=&amp;path=</c> (≤ 10 MB). A run's
/// <c>mlflow-artifacts:/&lt;experiment&gt;/&lt;run&gt;/artifacts</c> URI maps onto the server's artifact root.
/// </summary>
internal static class RunArtifactsApi
{
    /// <summary>MLflow's limit for the UI upload route.</summary>
    public const long MaxUiUploadBytes = 10L * 1024 * 1024;

    public static IEndpointRouteBuilder MapRunArtifacts(this IEndpointRouteBuilder app)
    {
        app.MapMlflow(MlflowRoutes.Get, "artifacts/list", List);
        app.MapGet("/get-artifact", Get);
        app.MapPost("/ajax-api/2.0/mlflow/upload-artifact", Upload);
        return app;
    }

    static async Task List(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        var run = await RunAsync(context, request.RunId()).ConfigureAwait(false);
        string root = RunRoot(run);
        string relative = ArtifactPath.Validate(request.String("path"));
        var store = context.RequestServices.GetRequiredService<IArtifactStore>();
        var files = await store.ListAsync(ArtifactPath.Combine(root, relative), context.RequestAborted).ConfigureAwait(false);
        await ArtifactResponses.WriteFilesAsync(context, files, path => path[(root.Length == 0 ? 0 : root.Length + 1)..], run.Info.ArtifactUri)
            .ConfigureAwait(false);
    }

    static async Task Get(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        var run = await RunAsync(context, request.RunId()).ConfigureAwait(false);
        string path = ArtifactPath.ValidateNonRoot(request.String("path"));
        await ArtifactResponses.SendFileAsync(context, context.RequestServices.GetRequiredService<IArtifactStore>(),
            ArtifactPath.Combine(RunRoot(run), path)).ConfigureAwait(false);
    }

    static async Task Upload(HttpContext context)
    {
        // The body is the file, so the fields come from the query string, as MLflow's handler reads them.
        string runId = Query(context, "run_uuid") is { Length: > 0 } id ? id : throw MlflowErrors.MissingParameter("run_uuid");
        string path = ArtifactPath.ValidateNonRoot(Query(context, "path"));
        if (context.Request.ContentLength is { } length && length > MaxUiUploadBytes)
            throw TooLarge();
        if (context.Request.ContentLength == 0)
            throw new QuarryException(ErrorCode.InvalidParameter, "Request must specify data (fix: send the file's bytes as the request body).");
        var run = await RunAsync(context, runId).ConfigureAwait(false);
        var store = context.RequestServices.GetRequiredService<IArtifactStore>();
        await using var body = new BoundedReadStream(context.Request.Body, MaxUiUploadBytes, TooLarge);
        await store.WriteAsync(ArtifactPath.Combine(RunRoot(run), path), body, context.RequestAborted).ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    static QuarryException TooLarge() =>
        new(ErrorCode.InvalidParameter, "Artifact size is too large. Max size is 10MB (fix: upload larger files with PUT /api/2.0/mlflow-artifacts/artifacts/<path>).");

    static Task<Run> RunAsync(HttpContext context, string runId) =>
        context.TrackingStore().GetRunAsync(runId, context.RequestAborted);

    /// <summary>The store-relative folder of a run's artifacts.</summary>
    static string RunRoot(Run run) =>
        ProxiedArtifactUri.TryGetPath(run.Info.ArtifactUri, out var root) ? root
            : throw new QuarryException(ErrorCode.InvalidParameter,
                $"Run '{run.Info.RunId}' keeps its artifacts at '{run.Info.ArtifactUri}', which this server does not serve " +
                "(only mlflow-artifacts:/ URIs are proxied; fix: read them from that location directly).");

    static string? Query(HttpContext context, string name) => context.Request.Query[name].FirstOrDefault();
}
