using Quarry.Server.Artifacts;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>How the artifact viewer shows a file, chosen by its name.</summary>
internal enum ArtifactKind
{
    /// <summary>CSV or TSV: the first rows as a table.</summary>
    Table,
    /// <summary>An HTML report (a tearsheet): embedded in a sandboxed frame.</summary>
    Html,
    /// <summary>PNG, JPEG, GIF, WebP or SVG: shown inline.</summary>
    Image,
    /// <summary>Text, JSON, YAML, logs, code: preformatted, size-capped.</summary>
    Text,
    /// <summary>Anything else: a download link.</summary>
    Other,
}

/// <summary>Picks an <see cref="ArtifactKind"/> and the inline Content-Type for a file name.</summary>
internal static class ArtifactKinds
{
    static readonly Dictionary<string, string> Images = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png", [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".gif"] = "image/gif", [".webp"] = "image/webp", [".svg"] = "image/svg+xml",
    };

    public static ArtifactKind Of(string name)
    {
        string extension = Path.GetExtension(name);
        if (extension.Equals(".csv", StringComparison.OrdinalIgnoreCase) || extension.Equals(".tsv", StringComparison.OrdinalIgnoreCase)) return ArtifactKind.Table;
        if (extension.Equals(".html", StringComparison.OrdinalIgnoreCase) || extension.Equals(".htm", StringComparison.OrdinalIgnoreCase)) return ArtifactKind.Html;
        if (Images.ContainsKey(extension)) return ArtifactKind.Image;
        return ArtifactContentTypes.For(name) == "text/plain" ? ArtifactKind.Text : ArtifactKind.Other;
    }

    /// <summary>The Content-Type the viewer's frame or image gets, or null for kinds that are not embedded.</summary>
    public static string? InlineType(string name) => Of(name) switch
    {
        ArtifactKind.Html => "text/html; charset=utf-8",
        ArtifactKind.Image => Images[Path.GetExtension(name)],
        _ => null,
    };
}
