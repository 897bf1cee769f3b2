using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Quarry.Server.Dashboard.Html;

/// <summary>
/// The dashboard's stylesheet and scripts (embedded in this assembly; the chart module is the tearsheet's own
/// <c>charts.js</c>, linked from Quarry.Analytics, and its <c>charts.css</c> opens the one stylesheet), served under
/// <c>/assets/</c>. Pages reference them with a content
/// hash (<c>?v=…</c>), so a versioned request is cached for a year as immutable and an unversioned one is revalidated
/// with its ETag. Read once; thread-safe.
/// </summary>
internal sealed class DashboardAssets
{
    /// <summary>The URL prefix of the assets.</summary>
    public const string Prefix = "/assets/";

    sealed record Asset(byte[] Content, string ContentType, string Hash);

    readonly FrozenDictionary<string, Asset> _assets;

    public DashboardAssets()
    {
        _assets = new Dictionary<string, Asset>(StringComparer.Ordinal)
        {
            ["dashboard.css"] = Load("text/css; charset=utf-8", "charts.css", "dashboard.css"),
            ["dashboard.js"] = Load("text/javascript; charset=utf-8", "dashboard.js"),
            ["charts.js"] = Load("text/javascript; charset=utf-8", "charts.js"),
            ["studies.js"] = Load("text/javascript; charset=utf-8", "studies.js"),
        }.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The versioned URL of an asset, e.g. <c>/assets/dashboard.css?v=3f2a9c01d4</c>.</summary>
    public string Url(string name) => Prefix + name + "?v=" + _assets[name].Hash;

    /// <summary>Serves <c>/assets/{name}</c>: 200 with the content, 304 when the ETag matches, 404 for an unknown name.</summary>
    public async Task ServeAsync(HttpContext context, string name)
    {
        if (!_assets.TryGetValue(name, out var asset))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"No dashboard asset '{name}' (known: {string.Join(", ", _assets.Keys)}).", context.RequestAborted)
                .ConfigureAwait(false);
            return;
        }
        var headers = context.Response.Headers;
        string etag = "\"" + asset.Hash + "\"";
        headers.ETag = etag;
        headers.CacheControl = context.Request.Query["v"] == asset.Hash ? "public, max-age=31536000, immutable" : "public, no-cache";
        headers.XContentTypeOptions = "nosniff";
        if (context.Request.Headers.IfNoneMatch == etag)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        context.Response.ContentType = asset.ContentType;
        context.Response.ContentLength = asset.Content.Length;
        await context.Response.Body.WriteAsync(asset.Content, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The concatenation of the embedded <paramref name="parts"/>, with its hash.</summary>
    static Asset Load(string contentType, params string[] parts)
    {
        using var copy = new MemoryStream();
        foreach (var part in parts)
        {
            string resource = "Quarry.Server.Dashboard." + part;
            using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"Embedded resource '{resource}' is missing from Quarry.Server.");
            stream.CopyTo(copy);
            copy.WriteByte((byte)'\n');
        }
        byte[] content = copy.ToArray();
        return new Asset(content, contentType, Convert.ToHexStringLower(SHA256.HashData(content))[..12]);
    }
}
