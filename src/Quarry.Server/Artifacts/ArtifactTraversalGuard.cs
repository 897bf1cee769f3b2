using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Quarry.Tracking.Artifacts;

namespace Quarry.Server.Artifacts;

/// <summary>
/// Refuses artifact-proxy requests whose raw target tries to climb out of the artifact root. Kestrel removes
/// <c>..</c> and <c>%2e%2e</c> segments from the path before routing, so <c>…/artifacts/../../x</c> would otherwise
/// quietly become another route (a 404); checking the raw target answers what it is: a 400 naming the bad path.
/// </summary>
internal sealed class ArtifactTraversalGuard(RequestDelegate next)
{
    static readonly string[] Prefixes = [.. ArtifactProxyApi.Prefixes.Select(p => p + "artifacts/")];

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpRequestFeature>()?.RawTarget is { } raw)
        {
            int query = raw.IndexOf('?', StringComparison.Ordinal);
            string path = query < 0 ? raw : raw[..query];
            foreach (var prefix in Prefixes)
                if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                    ArtifactPath.Validate(path[prefix.Length..]);
        }
        return next(context);
    }
}
