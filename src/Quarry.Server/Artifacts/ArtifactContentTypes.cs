using Microsoft.AspNetCore.StaticFiles;

namespace Quarry.Server.Artifacts;

/// <summary>
/// The Content-Type of a downloaded artifact, guessed from its name as MLflow's <c>_guess_mime_type</c> does: MLflow's
/// text extensions (and the extension-less <c>MLmodel</c> / <c>MLproject</c>) are <c>text/plain</c>, other known
/// extensions get their registered type, the rest <c>application/octet-stream</c>.
/// </summary>
internal static class ArtifactContentTypes
{
    static readonly FileExtensionContentTypeProvider Known = new();

    static readonly HashSet<string> Text = new(StringComparer.OrdinalIgnoreCase)
    {
        "txt", "log", "err", "cfg", "conf", "cnf", "cf", "ini", "properties", "prop", "hocon", "toml", "yaml", "yml", "xml",
        "json", "js", "py", "py3", "csv", "tsv", "md", "rst", "MLmodel", "mlproject",
    };

    public static string For(string fileName)
    {
        string extension = Path.GetExtension(fileName).TrimStart('.');
        if (extension.Length == 0) extension = fileName;
        if (Text.Contains(extension)) return "text/plain";
        return Known.TryGetContentType(fileName, out var type) ? type : "application/octet-stream";
    }
}
