using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Quarry.Server.Mlflow;

namespace Quarry.Server.Api;

/// <summary>
/// <c>GET /api/quarry/status[?experiment_ids=…]</c>: active experiments and runs, runs started in the last 7 days,
/// failed and running runs, with the cut-off and the time of the answer (ms since the Unix epoch).
/// </summary>
internal static class StatusApi
{
    /// <summary>What "recent" means.</summary>
    public static readonly TimeSpan RecentWindow = TimeSpan.FromDays(7);

    public static async Task Handle(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        long now = QuarryApi.Now(context), since = now - (long)RecentWindow.TotalMilliseconds;
        var counts = await context.RequestServices.GetRequiredService<RunQueries>()
            .CountAsync(QuarryApi.List(request, "experiment_ids"), since, context.RequestAborted).ConfigureAwait(false);
        using var json = MlflowResponse.Json(context);
        json.WriteStartObject();
        json.WriteNumber("experiments", counts.Experiments);
        json.WriteNumber("runs", counts.Runs);
        json.WriteNumber("runs_last_7_days", counts.RecentRuns);
        json.WriteNumber("failed_runs", counts.FailedRuns);
        json.WriteNumber("running_runs", counts.RunningRuns);
        json.WriteNumber("since", since);
        json.WriteNumber("generated_at", now);
        json.WriteEndObject();
    }
}
