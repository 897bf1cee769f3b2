using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Quarry.Server.Hosting;

/// <summary>
/// <c>/health</c> (MLflow's plain <c>OK</c>), <c>/version</c> (the version string) and <c>/healthz</c> (JSON: status,
/// store kind and reachability, experiment and run counts, version; 503 when the store is unreachable). Always open,
/// even with authentication.
/// </summary>
internal static class HealthEndpoints
{
    public static string Version { get; } =
        typeof(HealthEndpoints).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => Results.Text("OK"));
        app.MapGet("/version", () => Results.Text(Version));
        app.MapGet("/healthz", Healthz);
        return app;
    }

    static async Task Healthz(HttpContext context)
    {
        var health = context.RequestServices.GetRequiredService<StoreHealth>();
        var counts = await health.CountAsync(context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = counts is null ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        using var json = new Utf8JsonWriter(context.Response.BodyWriter, Mlflow.MlflowResponse.WriterOptions);
        json.WriteStartObject();
        json.WriteString("status", counts is null ? "unavailable" : "ok");
        json.WriteStartObject("store");
        json.WriteString("kind", health.Kind);
        json.WriteBoolean("reachable", counts is not null);
        json.WriteEndObject();
        if (counts is { } c)
        {
            json.WriteStartObject("counts");
            json.WriteNumber("experiments", c.Experiments);
            json.WriteNumber("runs", c.Runs);
            json.WriteEndObject();
        }
        json.WriteString("version", Version);
        json.WriteEndObject();
    }
}
