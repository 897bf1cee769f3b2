using Microsoft.AspNetCore.Routing;

namespace Quarry.Server.Mlflow;

/// <summary>MLflow's tracking REST API (spec <c>mlflow-rest.md</c> §3.1–§3.2 without artifact listing, and §6's MLflow 3 logged models).</summary>
internal static class MlflowTrackingApi
{
    /// <summary>Maps every experiment, run and metric endpoint under both MLflow prefixes, and Quarry's tracking extensions (purges).</summary>
    public static IEndpointRouteBuilder MapMlflowTracking(this IEndpointRouteBuilder app)
    {
        app.MapMlflowExperiments();
        app.MapMlflowRuns();
        app.MapMlflowMetrics();
        app.MapMlflowLoggedModels();
        app.MapQuarryTrackingExtensions();
        return app;
    }
}
