using Microsoft.AspNetCore.Http;
using Quarry.Core;
using Quarry.Server.Backtests;
using Quarry.Server.Dashboard.Html;
using Quarry.Tracking.Artifacts;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>
/// <c>/runs/{id}/tearsheet</c>: opens a run's <c>tearsheet.html</c> artifact in the browser (the artifact API sends it
/// as a download). The tearsheet is self-contained with inline scripts, and an artifact is whatever a client uploaded,
/// so it is served in a CSP sandbox without same-origin: its scripts run but cannot read this origin's cookies, call
/// the API or load anything. A run without one is a 404 page.
/// </summary>
internal static class RunTearsheet
{
    const string Csp = "sandbox allow-scripts; default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

    public static async Task WriteAsync(HttpContext context, DashboardServices s, string runId)
    {
        var ct = context.RequestAborted;
        ArtifactContent content;
        try
        {
            var run = await s.Store.GetRunAsync(runId, ct).ConfigureAwait(false);
            if (!ProxiedArtifactUri.TryGetPath(run.Info.ArtifactUri, out var root))
                throw new QuarryException(ErrorCode.NotFound, $"Run {runId}'s artifacts are stored outside this server ({run.Info.ArtifactUri}).");
            string path = root.Length == 0 ? BacktestRunLog.TearsheetFile : root + "/" + BacktestRunLog.TearsheetFile;
            content = await s.Artifacts.OpenReadAsync(path, ct).ConfigureAwait(false);
        }
        catch (QuarryException e)
        {
            int status = e.Code == ErrorCode.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest;
            string message = e.Code == ErrorCode.NotFound ? $"Run {runId} has no {BacktestRunLog.TearsheetFile} artifact ({e.Message})" : e.Message;
            await PageResponse.SendAsync(context, PageResponse.ErrorPage(s, status, message), status).ConfigureAwait(false);
            return;
        }
        await using var owned = content;
        var response = context.Response;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy = Csp;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-cache";
        response.ContentLength = content.Length;
        await content.Content.CopyToAsync(response.Body, ct).ConfigureAwait(false);
    }
}
