using Quarry.Core;
using Quarry.Storage;
using Quarry.Tracking.Artifacts;
using Quarry.Tracking.Registry;
using Quarry.Tracking.Rest;
using Quarry.Tracking.Storage;

namespace Quarry.Tracking.Client;

/// <summary>
/// Chooses and opens the tracking store a URI names, as MLflow does: an explicit URI, else
/// <c>$QUARRY_TRACKING_URI</c>, else <c>$MLFLOW_TRACKING_URI</c>, else <see cref="DefaultUri"/>. <c>sqlite:PATH</c>,
/// <c>*.db</c> and <c>postgresql://…</c> open the embedded <see cref="SqlTrackingStore"/> (artifacts in a local folder);
/// <c>http(s)://</c> opens a <see cref="RestTrackingStore"/> to a tracking server (artifacts through its proxy, with
/// MLflow's <c>MLFLOW_TRACKING_USERNAME</c> / <c>PASSWORD</c> / <c>TOKEN</c> credentials); <see cref="OpenRegistry"/> opens
/// the model registry the same way. Stateless and thread-safe.
/// </summary>
public static class TrackingStores
{
    /// <summary>The store used when nothing else is configured: a SQLite file under <c>.quarry/</c> in the working directory.</summary>
    public const string DefaultUri = "sqlite:.quarry/tracking.db";

    /// <summary>The environment variable Quarry reads first.</summary>
    public const string QuarryVariable = "QUARRY_TRACKING_URI";

    /// <summary>The environment variable MLflow clients use, read second.</summary>
    public const string MlflowVariable = "MLFLOW_TRACKING_URI";

    /// <summary>
    /// The URI to use: <paramref name="explicitUri"/> when not blank, else the first non-blank of
    /// <c>QUARRY_TRACKING_URI</c> and <c>MLFLOW_TRACKING_URI</c> read through <paramref name="environment"/>
    /// (default: the process environment), else <see cref="DefaultUri"/>. Trimmed.
    /// </summary>
    public static string ResolveUri(string? explicitUri = null, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return NonBlank(explicitUri) ?? NonBlank(environment(QuarryVariable)) ?? NonBlank(environment(MlflowVariable)) ?? DefaultUri;
    }

    /// <summary>True for <c>http://</c> and <c>https://</c> URIs (a tracking server rather than a database).</summary>
    public static bool IsServer(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Opens the store <paramref name="uri"/> names (resolved by <see cref="ResolveUri"/> when null). A SQLite file's
    /// folder is created. The caller owns the result and disposes it (both kinds are <see cref="IDisposable"/>).
    /// </summary>
    /// <exception cref="QuarryException">InvalidParameter for a URI that names no supported store.</exception>
    public static ITrackingStore Open(string? uri = null)
    {
        uri = ResolveUri(uri);
        if (IsServer(uri)) return new RestTrackingStore(uri);
        CheckSupported(uri);
        CreateSqliteFolder(uri);
        return SqlTrackingStore.Open(uri);
    }

    /// <summary>
    /// Opens the model registry beside the tracking store <paramref name="uri"/> names (resolved by
    /// <see cref="ResolveUri"/> when null): <c>http(s)://</c> opens a <see cref="RestModelRegistryStore"/> to the
    /// server's registry (MLflow's credentials as for <see cref="Open"/>); a database URI opens its
    /// <see cref="SqlModelRegistryStore"/>, creating a SQLite file's folder. The caller owns the result and disposes it
    /// (both kinds are <see cref="IDisposable"/>).
    /// </summary>
    /// <exception cref="QuarryException">InvalidParameter for a URI that names no supported store.</exception>
    public static IModelRegistryStore OpenRegistry(string? uri = null)
    {
        uri = ResolveUri(uri);
        if (IsServer(uri)) return new RestModelRegistryStore(uri);
        CheckSupported(uri);
        CreateSqliteFolder(uri);
        return SqlModelRegistryStore.Open(uri);
    }

    /// <summary>
    /// The artifact store behind <c>mlflow-artifacts:/</c> URIs for the tracking store <paramref name="uri"/> names: the
    /// server's artifact proxy for <c>http(s)://</c>, else a local folder, <paramref name="localRoot"/> or
    /// <see cref="DefaultArtifactRoot"/>. Dispose it when it is <see cref="IDisposable"/>.
    /// </summary>
    public static IArtifactStore OpenArtifacts(string? uri = null, string? localRoot = null)
    {
        uri = ResolveUri(uri);
        if (IsServer(uri)) return new HttpArtifactStore(RestTrackingStoreOptions.FromEnvironment(uri));
        return new LocalArtifactStore(string.IsNullOrWhiteSpace(localRoot) ? DefaultArtifactRoot(uri) : localRoot);
    }

    /// <summary>
    /// Where an embedded store keeps artifacts: <c>artifacts</c> beside a SQLite file in a <c>.quarry</c> folder, else
    /// <c>.quarry/artifacts</c> beside the file; <c>.quarry/artifacts</c> under the working directory for PostgreSQL.
    /// Absolute.
    /// </summary>
    /// <exception cref="QuarryException">InvalidParameter for a server URI (its artifacts live on the server) or a bad URI.</exception>
    public static string DefaultArtifactRoot(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (IsServer(uri))
            throw new QuarryException(ErrorCode.InvalidParameter, $"Tracking URI '{uri}' is a server: its artifacts live on the server, not in a local folder.");
        CheckSupported(uri);
        if (StoreLocation.Parse(uri).SqlitePath is not { } file) return Path.GetFullPath(Path.Combine(".quarry", "artifacts"));
        var dir = Path.GetDirectoryName(file)!;
        return Path.GetFileName(dir) == ".quarry" ? Path.Combine(dir, "artifacts") : Path.Combine(dir, ".quarry", "artifacts");
    }

    static void CheckSupported(string uri)
    {
        if (uri.StartsWith("databricks", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"Tracking URI '{uri}' is not supported (fix: use sqlite:PATH, postgresql://… or http(s)://HOST:PORT of a tracking server).");
    }

    static void CreateSqliteFolder(string uri)
    {
        if (StoreLocation.Parse(uri).SqlitePath is { } file) Directory.CreateDirectory(Path.GetDirectoryName(file)!);
    }

    static string? NonBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
