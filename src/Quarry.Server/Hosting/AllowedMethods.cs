using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace Quarry.Server.Hosting;

/// <summary>
/// The HTTP methods the server's routes accept for a path, so a request with the wrong method gets 405 and an
/// <c>Allow</c> header instead of the fallback's 404. Only consulted on the fallback path; the route matchers are
/// built once, on first use.
/// </summary>
internal sealed class AllowedMethods(EndpointDataSource endpoints)
{
    readonly Lazy<(TemplateMatcher Matcher, IReadOnlyList<string> Methods)[]> _routes = new(() => Build(endpoints));

    /// <summary>The methods accepted for <paramref name="path"/>, sorted; empty when no route matches it.</summary>
    public IReadOnlyList<string> For(PathString path)
    {
        var methods = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (matcher, accepted) in _routes.Value)
            if (matcher.TryMatch(path, []))
                methods.UnionWith(accepted);
        return [.. methods];
    }

    static (TemplateMatcher, IReadOnlyList<string>)[] Build(EndpointDataSource endpoints) =>
    [
        .. endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>() is { HttpMethods.Count: > 0 } && !IsCatchAll(e))
            .Select(e => (new TemplateMatcher(new RouteTemplate(e.RoutePattern), []),
                e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods)),
    ];

    /// <summary>The fallback route (<c>{*path:nonfile}</c>) matches everything; it says nothing about methods.</summary>
    static bool IsCatchAll(RouteEndpoint e) =>
        e.RoutePattern.PathSegments.Count == 1 && e.RoutePattern.Parameters is [{ IsCatchAll: true }];
}
