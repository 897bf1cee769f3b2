using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Quarry.Core;
using Quarry.Server.Mlflow;
using Quarry.Tracking;
using Quarry.Tracking.Rest;

namespace Quarry.Server.Api;

/// <summary>
/// <c>GET /api/quarry/leaderboard?metric=sharpe[&amp;experiment_ids=1,2][&amp;symbol_tag=symbol][&amp;max=20][&amp;direction=desc|asc]</c>:
/// the top active runs by the latest value of a metric, or with <c>symbol_tag</c> the best run per value of that tag.
/// Without <c>direction</c> the metric's convention applies (<see cref="MetricGoal"/>): highest first, or smallest
/// magnitude first for drawdown / volatility / loss / error metrics. Each entry carries the run's params and latest metrics.
/// </summary>
internal static class LeaderboardApi
{
    /// <summary>The default and the largest number of entries.</summary>
    public const int DefaultMax = 20, MaxEntries = 1000;

    public static async Task Handle(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        string metric = request.RequiredString("metric");
        var experimentIds = QuarryApi.List(request, "experiment_ids");
        string? groupTag = request.String("symbol_tag") is { Length: > 0 } tag ? tag : null;
        int max = request.Int32("max", 1, MaxEntries) ?? DefaultMax;
        var order = Order(metric, request.String("direction"));

        var ranked = await context.RequestServices.GetRequiredService<RunQueries>()
            .RankAsync(metric, experimentIds, groupTag, order, max, context.RequestAborted).ConfigureAwait(false);
        var runs = await FetchAsync(context.TrackingStore(), ranked, context.RequestAborted).ConfigureAwait(false);

        using var json = MlflowResponse.Json(context);
        json.WriteStartObject();
        json.WriteString("metric", metric);
        json.WriteString("order", order switch
        {
            RankOrder.Descending => "value desc",
            RankOrder.Ascending => "value asc",
            _ => "abs(value) asc",
        });
        if (groupTag is not null) json.WriteString("symbol_tag", groupTag);
        json.WriteStartArray("entries");
        for (int i = 0; i < ranked.Count; i++)
            if (runs.TryGetValue(ranked[i].RunId, out var run)) WriteEntry(json, i + 1, ranked[i], run);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    static RankOrder Order(string metric, string? direction) => direction?.ToLowerInvariant() switch
    {
        null or "" or "auto" => MetricGoal.LowerIsBetter(metric) ? RankOrder.SmallestMagnitude : RankOrder.Descending,
        "desc" => RankOrder.Descending,
        "asc" => RankOrder.Ascending,
        _ => throw new QuarryException(ErrorCode.InvalidParameter,
            $"Invalid value '{direction}' for parameter 'direction' (fix: desc, asc, or leave it out for the metric's convention)."),
    };

    /// <summary>
    /// The ranked runs with their data, read through the store so they look exactly as MLflow's API shows them (one
    /// indexed lookup per run: a search filtered on run ids would walk the experiment's runs).
    /// </summary>
    static async Task<Dictionary<string, Run>> FetchAsync(ITrackingStore store, IReadOnlyList<RankedRun> ranked, CancellationToken ct)
    {
        var runs = new Dictionary<string, Run>(StringComparer.Ordinal);
        foreach (var entry in ranked) runs[entry.RunId] = await store.GetRunAsync(entry.RunId, ct).ConfigureAwait(false);
        return runs;
    }

    static void WriteEntry(Utf8JsonWriter json, int rank, RankedRun ranked, Run run)
    {
        json.WriteStartObject();
        json.WriteNumber("rank", rank);
        QuarryApi.WriteRunFields(json, run.Info);
        json.WritePropertyName("value");
        MlflowJsonWriter.WriteDoubleValue(json, ranked.Value);
        if (ranked.Group is not null) json.WriteString("group", ranked.Group);
        json.WriteStartObject("params");
        foreach (var p in run.Data.Params) json.WriteString(p.Key, p.Value);
        json.WriteEndObject();
        json.WriteStartObject("metrics");
        foreach (var m in run.Data.LatestMetrics)
        {
            json.WritePropertyName(m.Key);
            MlflowJsonWriter.WriteDoubleValue(json, m.Value);
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
