using System.CommandLine;
using Quarry.Tracking.Client;

namespace Quarry.Cli.Tracking;

/// <summary>
/// Where the tracking store and the run artifacts live: --tracking-uri, else $QUARRY_TRACKING_URI, else
/// $MLFLOW_TRACKING_URI, else sqlite:.quarry/tracking.db; artifacts under --artifacts, else .quarry/artifacts next to a
/// SQLite store (or in the working directory for PostgreSQL), or on the server for an http(s):// URI.
/// </summary>
internal sealed class TrackingInputs
{
    public const string DefaultUri = TrackingStores.DefaultUri;

    public Option<string> Uri { get; } = new("--tracking-uri") { Description = $"tracking store: sqlite:PATH, postgresql://… or a server http(s)://HOST:PORT (default: $QUARRY_TRACKING_URI, $MLFLOW_TRACKING_URI, {DefaultUri})" };
    public Option<string> Artifacts { get; } = new("--artifacts") { Description = "artifact root folder (default: .quarry/artifacts next to a SQLite store)" };

    public void AddTo(Command command)
    {
        command.Options.Add(Uri);
        command.Options.Add(Artifacts);
    }

    public string ResolveUri(ParseResult parse) => TrackingStores.ResolveUri(parse.GetValue(Uri));

    /// <summary>
    /// Opens the store (creating a SQLite file's folder) and its artifact store behind a tracking client that owns
    /// them: a local folder (--artifacts, else beside the SQLite file) for an embedded store, the server's proxy for
    /// http(s)://.
    /// </summary>
    public TrackingClient Open(ParseResult parse) =>
        TrackingClient.Open(ResolveUri(parse), new TrackingClientOptions { ArtifactRoot = NonEmpty(parse.GetValue(Artifacts)) is { } given ? Path.GetFullPath(given) : null });

    static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
