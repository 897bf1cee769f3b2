using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Quarry.Server.Hosting;

/// <summary><c>/health</c> (MLflow's plain <c>OK</c>) and <c>/version</c>; always open, even with authentication.</summary>
internal static class HealthEndpoints
{
    public static string Version { get; } =
        typeof(HealthEndpoints).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => Results.Text("OK"));
        app.MapGet("/version", () => Results.Text(Version));
        return app;
    }
}
