using Microsoft.AspNetCore.Http;

namespace Quarry.Server.Api;

/// <summary>
/// <c>GET /api/quarry/openapi.json</c>: the hand-written OpenAPI 3.1 description of <c>/api/quarry/</c>
/// (<c>Api/openapi.json</c>, embedded in the assembly; a test checks it covers every route).
/// </summary>
internal static class OpenApiDocument
{
    const string ResourceName = "Quarry.Server.Api.openapi.json";

    static readonly Lazy<byte[]> Bytes = new(() =>
    {
        using var stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from Quarry.Server.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static Task Handle(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = Bytes.Value.Length;
        return context.Response.Body.WriteAsync(Bytes.Value, context.RequestAborted).AsTask();
    }
}
