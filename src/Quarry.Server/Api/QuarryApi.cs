using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quarry.Server.Mlflow;
using Quarry.Tracking;
using Quarry.Tracking.Rest;

namespace Quarry.Server.Api;

/// <summary>
/// Quarry's own read API under <c>/api/quarry/</c> (JSON, snake_case): <c>leaderboard</c>, <c>status</c>,
/// <c>compare</c>, <c>models/{name}/transitions</c>, <c>studies</c>, <c>studies/{name}</c>, and its OpenAPI 3.1 description at <c>openapi.json</c>. Questions MLflow's protocol answers only by
/// paging through every run are answered here in one SQL statement (<see cref="RunQueries"/>).
/// </summary>
internal static class QuarryApi
{
    /// <summary>The prefix of every route.</summary>
    public const string Prefix = "/api/quarry";

    public static IEndpointRouteBuilder MapQuarryApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Prefix + "/leaderboard", LeaderboardApi.Handle);
        app.MapGet(Prefix + "/status", StatusApi.Handle);
        app.MapGet(Prefix + "/compare", CompareApi.Handle);
        app.MapGet(Prefix + "/models/{name}/transitions", TransitionsApi.Handle);
        app.MapGet(Prefix + "/studies", StudiesApi.List);
        app.MapGet(Prefix + "/studies/{name}", StudiesApi.Get);
        app.MapGet(Prefix + "/openapi.json", OpenApiDocument.Handle);
        return app;
    }

    /// <summary>A list parameter given as repeated keys and/or comma-separated values; empty items dropped, duplicates kept once.</summary>
    public static IReadOnlyList<string> List(MlflowRequest request, string name) =>
        [.. request.Strings(name).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)];

    /// <summary>Writes a run's identifying fields into the current object: run_id, run_name, experiment_id, status, start_time, end_time (when set).</summary>
    public static void WriteRunFields(Utf8JsonWriter json, RunInfo info)
    {
        json.WriteString("run_id", info.RunId);
        json.WriteString("run_name", info.RunName);
        json.WriteString("experiment_id", info.ExperimentId);
        json.WriteString("status", MlflowEnums.Name(info.Status));
        json.WriteNumber("start_time", info.StartTime);
        if (info.EndTime is { } end) json.WriteNumber("end_time", end);
    }

    /// <summary>Milliseconds since the Unix epoch, now.</summary>
    public static long Now(HttpContext context) => context.Time().GetUtcNow().ToUnixTimeMilliseconds();
}
