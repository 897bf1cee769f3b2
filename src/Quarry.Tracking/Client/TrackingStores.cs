using Quarry.Core;
using Quarry.Storage;
using Quarry.Tracking.Storage;

namespace Quarry.Tracking.Client;

/// <summary>
/// Chooses and opens the tracking store a URI names, as MLflow does: an explicit URI, else
/// <c>$QUARRY_TRACKING_URI</c>, else <c>$MLFLOW_TRACKING_URI</c>, else <see cref="DefaultUri"/>. <c>sqlite:PATH</c>,
/// <c>*.db</c> and <c>postgresql://…</c> open the embedded <see cref="SqlTrackingStore"/>; <c>http(s)://</c> names a
/// tracking server. Stateless and thread-safe.
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
    /// folder is created. The caller owns the result and disposes it when it is <see cref="IDisposable"/>.
    /// </summary>
    /// <exception cref="QuarryException">InvalidParameter for a URI that names no supported store.</exception>
    public static ITrackingStore Open(string? uri = null)
    {
        uri = ResolveUri(uri);
        if (IsServer(uri))
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"Tracking URI '{uri}': a REST tracking server is not supported yet (fix: use sqlite:PATH or postgresql://…).");
        if (uri.StartsWith("databricks", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"Tracking URI '{uri}' is not supported (fix: use sqlite:PATH, postgresql://… or http(s)://HOST:PORT of a tracking server).");
        var location = StoreLocation.Parse(uri);
        if (location.SqlitePath is { } file) Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        return SqlTrackingStore.Open(uri);
    }

    static string? NonBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
