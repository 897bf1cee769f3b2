using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Quarry.Server.Tests.Support;

namespace Quarry.Server.Tests;

public class QuarryApiOpenApiTests
{
    /// <summary>Every (method, path) the app maps under /api/quarry/.</summary>
    static List<(string Method, string Path)> QuarryRoutes()
    {
        var dir = Directory.CreateTempSubdirectory("quarry-openapi-").FullName;
        try
        {
            using var app = QuarryServer.Build(new ServerOptions { Store = "sqlite:" + Path.Combine(dir, "t.db"), ArtifactsRoot = dir, Port = 0 });
            return [.. ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
                .Where(e => e.RoutePattern.RawText!.StartsWith("/api/quarry/", StringComparison.Ordinal))
                .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m.ToLowerInvariant(), e.RoutePattern.RawText!)))];
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_api_quarry_route_and_nothing_else()
    {
        var routes = QuarryRoutes();
        Assert.Contains(("get", "/api/quarry/leaderboard"), routes);
        Assert.True(routes.Count >= 4, string.Join(", ", routes));

        await using var server = await RunningServer.StartAsync();
        var response = await server.Http.GetAsync("api/quarry/openapi.json");
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        Assert.StartsWith("3.1", root.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var documented = root.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(op => (Method: op.Name, Path: p.Name))).ToList();

        foreach (var route in routes) Assert.True(documented.Contains(route), $"{route.Method} {route.Path} is not in openapi.json");
        foreach (var entry in documented) Assert.True(routes.Contains(entry), $"openapi.json documents {entry.Method} {entry.Path}, which the app does not map");
    }

    [Fact]
    public async Task Every_schema_reference_in_the_document_resolves()
    {
        await using var server = await RunningServer.StartAsync();
        using var document = JsonDocument.Parse(await server.Http.GetStringAsync("api/quarry/openapi.json"));
        var references = new List<string>();
        Collect(document.RootElement, references);
        Assert.NotEmpty(references);
        foreach (var reference in references)
        {
            Assert.StartsWith("#/", reference, StringComparison.Ordinal);
            var node = document.RootElement;
            foreach (var part in reference[2..].Split('/'))
                Assert.True(node.TryGetProperty(part, out node), $"$ref {reference} does not resolve");
        }
    }

    static void Collect(JsonElement element, List<string> references)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "$ref") references.Add(property.Value.GetString()!);
                else Collect(property.Value, references);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray()) Collect(item, references);
        }
    }
}
