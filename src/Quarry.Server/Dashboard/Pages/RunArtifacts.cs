using System.Globalization;
using Quarry.Core;
using Quarry.Server.Dashboard.Html;
using Quarry.Tracking;
using Quarry.Tracking.Artifacts;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>Where a run's artifacts are on this server and the dashboard's links to them.</summary>
internal static class RunArtifacts
{
    /// <summary>The store-relative folder of the run's artifacts, or null when they live outside this server's artifact root.</summary>
    public static string? Root(Run run)
    {
        try { return ProxiedArtifactUri.TryGetPath(run.Info.ArtifactUri, out var root) ? root : null; }
        catch (QuarryException) { return null; }
    }

    /// <summary>The store-relative <paramref name="path"/> made relative to the run's <paramref name="root"/>.</summary>
    public static string Relative(string root, string path) => path[(root.Length == 0 ? 0 : root.Length + 1)..];

    /// <summary>The viewer of one artifact.</summary>
    public static string ViewHref(string runId, string path) => Query.Build($"/runs/{runId}/artifacts/view", ("path", path));

    /// <summary>The artifact's bytes as the viewer embeds them (sandboxed, inline).</summary>
    public static string RawHref(string runId, string path) => Query.Build($"/runs/{runId}/artifacts/raw", ("path", path));

    /// <summary>The artifact API's download.</summary>
    public static string DownloadHref(string runId, string path) => Query.Build("/get-artifact", ("run_uuid", runId), ("path", path));

    /// <summary>A byte count for people: 512 B, 1.5 KB, 2.3 MB.</summary>
    public static string Size(long bytes)
    {
        var inv = CultureInfo.InvariantCulture;
        return bytes < 1024 ? bytes.ToString(inv) + " B"
            : bytes < 1024 * 1024 ? (bytes / 1024.0).ToString("0.#", inv) + " KB"
            : (bytes / (1024.0 * 1024)).ToString("0.#", inv) + " MB";
    }
}
