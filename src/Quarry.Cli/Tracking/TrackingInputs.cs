using System.CommandLine;
using Quarry.Storage;
using Quarry.Tracking.Client;

namespace Quarry.Cli.Tracking;

/// <summary>
/// Where the tracking store and the run artifacts live: --tracking-uri, else $QUARRY_TRACKING_URI, else
/// $MLFLOW_TRACKING_URI, else sqlite:.quarry/tracking.db; artifacts under --artifacts, else .quarry/artifacts next to a
/// SQLite store (or in the working directory for PostgreSQL).
/// </summary>
internal sealed class TrackingInputs
{
    public const string DefaultUri = TrackingStores.DefaultUri;

    public Option<string> Uri { get; } = new("--tracking-uri") { Description = $"tracking store: sqlite:PATH or postgresql://… (default: $QUARRY_TRACKING_URI, $MLFLOW_TRACKING_URI, {DefaultUri})" };
    public Option<string> Artifacts { get; } = new("--artifacts") { Description = "artifact root folder (default: .quarry/artifacts next to a SQLite store)" };

    public void AddTo(Command command)
    {
        command.Options.Add(Uri);
        command.Options.Add(Artifacts);
    }

    public string ResolveUri(ParseResult parse) => TrackingStores.ResolveUri(parse.GetValue(Uri));

    /// <summary>
    /// Opens the store (creating a SQLite file's folder) behind a tracking client that owns it, and returns the client
    /// with the artifact root.
    /// </summary>
    public (TrackingClient Client, string ArtifactRoot) Open(ParseResult parse)
    {
        var uri = ResolveUri(parse);
        var client = TrackingClient.Open(uri);
        string root;
        if (!TrackingStores.IsServer(uri) && StoreLocation.Parse(uri).SqlitePath is { } file)
        {
            var dir = Path.GetDirectoryName(file)!;
            root = Path.GetFileName(dir) == ".quarry" ? Path.Combine(dir, "artifacts") : Path.Combine(dir, ".quarry", "artifacts");
        }
        else root = Path.GetFullPath(Path.Combine(".quarry", "artifacts"));
        if (NonEmpty(parse.GetValue(Artifacts)) is { } given) root = Path.GetFullPath(given);
        return (client, root);
    }

    /// <summary>
    /// The local folder of a run's artifact URI: <c>mlflow-artifacts:/…</c> (the default, as MLflow's proxied artifact
    /// store) maps under <paramref name="root"/>; <c>file:</c> URIs and plain paths are used as they are.
    /// </summary>
    public static string? LocalFolder(string artifactUri, string root)
    {
        const string proxied = "mlflow-artifacts:";
        if (artifactUri.StartsWith(proxied, StringComparison.Ordinal))
            return Path.Combine(root, artifactUri[proxied.Length..].TrimStart('/').Replace('/', Path.DirectorySeparatorChar));
        if (artifactUri.StartsWith("file:", StringComparison.Ordinal)) return new System.Uri(artifactUri).LocalPath;
        return artifactUri.Contains("://", StringComparison.Ordinal) ? null : Path.GetFullPath(artifactUri);
    }

    static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
