using Microsoft.AspNetCore.Http;
using Quarry.Core;
using Quarry.Server.Mlflow;
using Quarry.Tracking.Artifacts;
using Quarry.Tracking.Registry;

namespace Quarry.Server.Registry;

/// <summary>
/// Where a model version's files are: its <c>source</c>, with <c>runs:/&lt;run_id&gt;/&lt;path&gt;</c> resolved
/// against the run's artifact URI (as MLflow's <c>storage_location</c>), e.g.
/// <c>mlflow-artifacts:/1/&lt;run&gt;/artifacts/model</c>.
/// </summary>
internal static class ModelVersionSource
{
    const string RunsScheme = "runs:/";

    public static async Task<string> ResolveAsync(HttpContext context, ModelVersion version)
    {
        if (!version.Source.StartsWith(RunsScheme, StringComparison.Ordinal)) return version.Source;
        string rest = version.Source[RunsScheme.Length..].TrimStart('/');
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        string runId = slash < 0 ? rest : rest[..slash];
        string path = ArtifactPath.Validate(slash < 0 ? "" : rest[(slash + 1)..], "source");
        var run = await context.TrackingStore().GetRunAsync(runId, context.RequestAborted).ConfigureAwait(false);
        return path.Length == 0 ? run.Info.ArtifactUri : run.Info.ArtifactUri.TrimEnd('/') + "/" + path;
    }

    /// <summary>The artifact-store path of the version's files; InvalidParameter when they are not served by this server.</summary>
    public static async Task<string> StorePathAsync(HttpContext context, ModelVersion version)
    {
        string uri = await ResolveAsync(context, version).ConfigureAwait(false);
        return ProxiedArtifactUri.TryGetPath(uri, out var path) ? path
            : throw new QuarryException(ErrorCode.InvalidParameter,
                $"Model '{version.Name}' version {version.Version} is stored at '{uri}', which this server does not serve " +
                "(only mlflow-artifacts:/ and runs:/ sources are; fix: read it from that location directly).");
    }
}
