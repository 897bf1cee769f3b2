using Quarry.Core;
using Quarry.Server.Dashboard.Html;
using Quarry.Tracking;
using Quarry.Tracking.Artifacts;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>
/// A run's artifacts on its page: the files under the run's <c>mlflow-artifacts:/</c> folder (walked breadth-first, at
/// most <see cref="MaxEntries"/> entries and <see cref="MaxDepth"/> levels), each with its size and a download link to
/// the artifact API's <c>/get-artifact</c>. A run whose artifacts live elsewhere shows where.
/// </summary>
internal static class ArtifactsPanel
{
    public const int MaxEntries = 200, MaxDepth = 4;

    public static async Task WriteAsync(HtmlWriter h, DashboardServices s, Run run, CancellationToken ct)
    {
        PageLayout.PanelStart(h, "Artifacts", null, "artifacts");
        string? root = Root(run.Info.ArtifactUri);
        if (root is null)
        {
            h.Add($"""<p class="empty">Stored at <code>{run.Info.ArtifactUri}</code>, outside this server's artifact root.</p>""");
            PageLayout.PanelEnd(h);
            return;
        }
        var files = await WalkAsync(s.Artifacts, root, ct).ConfigureAwait(false);
        if (files.Count == 0) h.Raw("<p class=\"empty\">No artifacts.</p>");
        else
        {
            h.Raw("<ul class=\"list files\">");
            foreach (var f in files)
            {
                string relative = f.Path[(root.Length == 0 ? 0 : root.Length + 1)..];
                string href = Query.Build("/get-artifact", ("run_uuid", run.Info.RunId), ("path", relative));
                h.Add($"""<li><a href="{href}" download>{relative}</a> <span class="muted">{Size(f.FileSize ?? 0)}</span></li>""");
            }
            h.Raw("</ul>");
            if (files.Count >= MaxEntries) h.Add($"""<p class="hint">The first {MaxEntries} files are listed.</p>""");
        }
        PageLayout.PanelEnd(h);
    }

    static string? Root(string artifactUri)
    {
        try { return ProxiedArtifactUri.TryGetPath(artifactUri, out var root) ? root : null; }
        catch (QuarryException) { return null; }
    }

    static async Task<List<ArtifactFileInfo>> WalkAsync(IArtifactStore store, string root, CancellationToken ct)
    {
        var files = new List<ArtifactFileInfo>();
        var level = new List<string> { root };
        for (int depth = 0; depth < MaxDepth && level.Count > 0 && files.Count < MaxEntries; depth++)
        {
            var next = new List<string>();
            foreach (var dir in level)
                foreach (var entry in await store.ListAsync(dir, ct).ConfigureAwait(false))
                {
                    if (entry.IsDir) next.Add(entry.Path);
                    else if (files.Count < MaxEntries) files.Add(entry);
                }
            level = next;
        }
        return files;
    }

    static string Size(long bytes)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        return bytes < 1024 ? bytes.ToString(inv) + " B"
            : bytes < 1024 * 1024 ? (bytes / 1024.0).ToString("0.#", inv) + " KB"
            : (bytes / (1024.0 * 1024)).ToString("0.#", inv) + " MB";
    }
}
