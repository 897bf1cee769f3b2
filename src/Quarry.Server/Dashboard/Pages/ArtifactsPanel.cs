using Quarry.Core;
using Quarry.Server.Dashboard.Html;
using Quarry.Tracking;
using Quarry.Tracking.Artifacts;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>
/// A run's artifacts on its page, one folder at a time (<c>?artifacts=FOLDER</c> on the run page holds which): a trail
/// back to the root, the sub-folders, and the files (at most <see cref="MaxEntries"/>) each with its size, a link to
/// the viewer (<see cref="ArtifactViewPage"/>) and a download link to the artifact API's <c>/get-artifact</c>. A run
/// whose artifacts live elsewhere shows where.
/// </summary>
internal static class ArtifactsPanel
{
    public const int MaxEntries = 200;

    public static async Task WriteAsync(HtmlWriter h, DashboardServices s, Run run, string? folder, CancellationToken ct)
    {
        PageLayout.PanelStart(h, "Artifacts", null, "artifacts");
        string? root = RunArtifacts.Root(run);
        if (root is null)
        {
            h.Add($"""<p class="empty">Stored at <code>{run.Info.ArtifactUri}</code>, outside this server's artifact root.</p>""");
            PageLayout.PanelEnd(h);
            return;
        }
        string relative = ArtifactPath.Validate(folder, "artifacts");
        string runId = run.Info.RunId;
        Trail(h, runId, relative);
        var entries = await s.Artifacts.ListAsync(ArtifactPath.Combine(root, relative), ct).ConfigureAwait(false);
        if (entries.Count == 0) h.Raw("<p class=\"empty\">No artifacts.</p>");
        else
        {
            h.Raw("<ul class=\"list files\">");
            foreach (var e in entries.OrderBy(e => !e.IsDir).ThenBy(e => e.Path, StringComparer.Ordinal).Take(MaxEntries))
            {
                string path = RunArtifacts.Relative(root, e.Path), name = ArtifactPath.Name(path);
                if (e.IsDir)
                    h.Add($"""<li data-folder="{path}"><a href="{FolderHref(runId, path)}">{name}/</a></li>""");
                else
                    h.Add($"""<li data-path="{path}"><a href="{RunArtifacts.ViewHref(runId, path)}" class="view">{name}</a> <span class="muted">{RunArtifacts.Size(e.FileSize ?? 0)}</span> <a class="download" href="{RunArtifacts.DownloadHref(runId, path)}" download title="download {name}">↓</a></li>""");
            }
            h.Raw("</ul>");
            if (entries.Count > MaxEntries) h.Add($"""<p class="hint">The first {MaxEntries} of {entries.Count} entries are listed.</p>""");
        }
        PageLayout.PanelEnd(h);
    }

    /// <summary>The run page showing <paramref name="folder"/> of its artifacts.</summary>
    public static string FolderHref(string runId, string folder) =>
        Query.Build("/runs/" + runId, ("artifacts", folder.Length == 0 ? null : folder)) + "#artifacts";

    static void Trail(HtmlWriter h, string runId, string folder)
    {
        if (folder.Length == 0) return;
        h.Add($"""<div class="crumbs artifact-trail"><a href="{FolderHref(runId, "")}">artifacts</a>""");
        var segments = folder.Split('/');
        for (int i = 0; i < segments.Length; i++)
            if (i == segments.Length - 1) h.Add($"<span>{segments[i]}</span>");
            else h.Add($"""<a href="{FolderHref(runId, string.Join('/', segments[..(i + 1)]))}">{segments[i]}</a>""");
        h.Raw("</div>");
    }
}
