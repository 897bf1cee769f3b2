namespace Quarry.Tracking.Artifacts;

/// <summary>
/// MLflow's proxied artifact URIs, <c>mlflow-artifacts:/&lt;path&gt;</c> (also <c>mlflow-artifacts://host:port/&lt;path&gt;</c>):
/// the server resolves <c>&lt;path&gt;</c> under its artifact root. Experiments default to
/// <c>mlflow-artifacts:/&lt;experiment_id&gt;</c> and runs to <c>…/&lt;run_id&gt;/artifacts</c>. Pure and thread-safe.
/// </summary>
public static class ProxiedArtifactUri
{
    /// <summary>The URI scheme with its colon.</summary>
    public const string SchemePrefix = "mlflow-artifacts:";

    /// <summary>
    /// The canonical artifact path (<see cref="ArtifactPath.Validate"/>) that <paramref name="uri"/> names under the
    /// artifact root; false when <paramref name="uri"/> is not an <c>mlflow-artifacts:</c> URI.
    /// </summary>
    /// <exception cref="Quarry.Core.QuarryException">InvalidParameter when the URI's path is not a valid artifact path.</exception>
    public static bool TryGetPath(string uri, out string path)
    {
        ArgumentNullException.ThrowIfNull(uri);
        path = "";
        if (!uri.StartsWith(SchemePrefix, StringComparison.OrdinalIgnoreCase)) return false;
        string rest = uri[SchemePrefix.Length..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            // An authority (host:port) names the server, not a folder.
            int slash = rest.IndexOf('/', 2);
            rest = slash < 0 ? "" : rest[slash..];
        }
        path = ArtifactPath.Validate(rest.TrimStart('/'), "artifact_uri");
        return true;
    }

    /// <summary>The URI of a canonical artifact path: <c>mlflow-artifacts:/&lt;path&gt;</c>.</summary>
    public static string For(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return SchemePrefix + "/" + path;
    }
}
