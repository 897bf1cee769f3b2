using Microsoft.AspNetCore.Http;
using Quarry.Core;
using Quarry.Server.Artifacts;
using Quarry.Server.Dashboard.Html;
using Quarry.Tracking;
using Quarry.Tracking.Artifacts;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>
/// <c>/runs/{id}/artifacts/view?path=…</c>: one artifact of a run, shown by kind (<see cref="ArtifactKinds"/>): a
/// CSV/TSV as a table of its first rows (streamed, <see cref="ArtifactPreview"/>), an HTML report in a sandboxed frame,
/// an image inline, text preformatted up to a cap, anything else as a download. The path is checked as the artifact
/// API checks it (<see cref="ArtifactPath.ValidateNonRoot"/>: no <c>..</c>, no absolute paths), so it cannot leave the
/// run's folder. <c>/runs/{id}/artifacts/raw?path=…</c> serves the frame's and the image's bytes inline under a
/// Content-Security-Policy that sandboxes them and lets them fetch nothing (<see cref="ServeRawAsync"/>).
/// </summary>
internal static class ArtifactViewPage
{
    /// <summary>The frame's policy: its own inline scripts and styles run (a tearsheet draws its charts), in an opaque origin that loads nothing.</summary>
    public const string FrameCsp = "sandbox allow-scripts; default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; " +
                                   "img-src data:; font-src data:; base-uri 'none'; form-action 'none'";

    public static async Task<HtmlWriter> RenderAsync(DashboardServices s, string runId, HttpRequest request, CancellationToken ct)
    {
        var run = await s.Store.GetRunAsync(runId, ct).ConfigureAwait(false);
        string path = ArtifactPath.ValidateNonRoot(Query.Get(request, "path"));
        string root = RootOf(run);
        var experiment = await s.Store.GetExperimentAsync(run.Info.ExperimentId, ct).ConfigureAwait(false);
        await using var content = await s.Artifacts.OpenReadAsync(ArtifactPath.Combine(root, path), ct).ConfigureAwait(false);

        var h = new HtmlWriter();
        string name = ArtifactPath.Name(path), runName = ComparePage.Name(run);
        int slash = path.LastIndexOf('/');
        string folder = slash < 0 ? "" : path[..slash];
        PageLayout.Begin(h, s, Section.Experiments, name,
            [new Crumb("Experiments", "/experiments"), new Crumb(experiment.Name, "/experiments/" + experiment.ExperimentId),
             new Crumb(runName, "/runs/" + runId), new Crumb("artifacts", ArtifactsPanel.FolderHref(runId, folder)), new Crumb(path, null)]);
        var kind = ArtifactKinds.Of(name);
        h.Add($"""<div class="sub page-sub"><span class="mono" id="artifact-path">{path}</span><span>{RunArtifacts.Size(content.Length)}</span><span>modified {Display.Time(content.LastModified.ToUnixTimeMilliseconds())}</span><span><a href="{RunArtifacts.DownloadHref(runId, path)}" download id="artifact-download">Download</a></span></div>""");
        h.Add($"""<section class="panel artifact-view" id="artifact" data-kind="{kind.ToString().ToLowerInvariant()}">""");
        switch (kind)
        {
            case ArtifactKind.Table:
                await ArtifactPreview.WriteTableAsync(h, content.Content, name.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',', ct).ConfigureAwait(false);
                break;
            case ArtifactKind.Html:
                h.Add($"""<iframe class="artifact-frame" id="artifact-frame" sandbox="allow-scripts" referrerpolicy="no-referrer" title="{name}" src="{RunArtifacts.RawHref(runId, path)}"></iframe>""");
                h.Raw("<p class=\"hint\">Shown in a sandbox: its scripts run, but it cannot reach this server, your session or the network.</p>");
                break;
            case ArtifactKind.Image:
                h.Add($"""<div class="artifact-image"><img id="artifact-image" alt="{name}" src="{RunArtifacts.RawHref(runId, path)}"></div>""");
                break;
            case ArtifactKind.Text:
                await ArtifactPreview.WriteTextAsync(h, content.Content, content.Length, ct).ConfigureAwait(false);
                break;
            default:
                h.Add($"""<p class="empty" id="artifact-other">No preview for this kind of file. <a href="{RunArtifacts.DownloadHref(runId, path)}" download>Download {name}</a> ({RunArtifacts.Size(content.Length)}).</p>""");
                break;
        }
        h.Raw("</section>");
        PageLayout.End(h);
        return h;
    }

    /// <summary>Streams an HTML report or an image inline for the viewer, sandboxed; other kinds are refused (use the download).</summary>
    public static async Task ServeRawAsync(HttpContext context, DashboardServices s, string runId)
    {
        var run = await s.Store.GetRunAsync(runId, context.RequestAborted).ConfigureAwait(false);
        string path = ArtifactPath.ValidateNonRoot(context.Request.Query["path"]);
        string name = ArtifactPath.Name(path);
        string type = ArtifactKinds.InlineType(name)
            ?? throw new QuarryException(ErrorCode.InvalidParameter, $"'{path}' is not an HTML report or an image, so it is not shown inline (fix: download it from /get-artifact).");
        var content = await s.Artifacts.OpenReadAsync(ArtifactPath.Combine(RootOf(run), path), context.RequestAborted).ConfigureAwait(false);
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = FrameCsp;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-cache";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        await Results.File(content.Content, type, lastModified: content.LastModified).ExecuteAsync(context).ConfigureAwait(false);
    }

    static string RootOf(Run run) => RunArtifacts.Root(run)
        ?? throw new QuarryException(ErrorCode.InvalidParameter,
            $"Run '{run.Info.RunId}' keeps its artifacts at '{run.Info.ArtifactUri}', which this server does not serve (fix: read them from that location directly).");
}
