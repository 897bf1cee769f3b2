using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Quarry.Core;
using Quarry.Server.Mlflow;
using Quarry.Tracking;
using Quarry.Tracking.Rest;

namespace Quarry.Server.Api;

/// <summary>
/// <c>GET /api/quarry/compare?runs=ID,ID[,…]</c>: the runs' params, latest metrics and tags side by side — one row
/// per key with one value per run (null where a run lacks it), in the order the runs were given — plus, per metric,
/// which way is better (<see cref="MetricGoal"/>) and the best run (the first one on ties; absent when no run has a
/// number). Params and tags say whether all runs agree.
/// </summary>
internal static class CompareApi
{
    /// <summary>The most runs one comparison takes.</summary>
    public const int MaxRuns = 100;

    public static async Task Handle(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        var ids = QuarryApi.List(request, "runs");
        if (ids.Count == 0) throw MlflowErrors.MissingParameter("runs");
        if (ids.Count > MaxRuns)
            throw new QuarryException(ErrorCode.InvalidParameter, $"Parameter 'runs' lists {ids.Count} runs; at most {MaxRuns} can be compared (fix: compare fewer).");
        var store = context.TrackingStore();
        var runs = new List<Run>(ids.Count);
        foreach (var id in ids) runs.Add(await store.GetRunAsync(id, context.RequestAborted).ConfigureAwait(false));

        using var json = MlflowResponse.Json(context);
        json.WriteStartObject();
        json.WriteStartArray("runs");
        foreach (var run in runs) WriteRun(json, run.Info);
        json.WriteEndArray();
        WriteStrings(json, "params", runs, run => run.Data.Params.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
        WriteMetrics(json, runs);
        WriteStrings(json, "tags", runs, run => run.Data.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal));
        json.WriteEndObject();
    }

    static void WriteRun(Utf8JsonWriter json, RunInfo info)
    {
        json.WriteStartObject();
        QuarryApi.WriteRunFields(json, info);
        json.WriteEndObject();
    }

    static SortedSet<string> Keys<T>(IEnumerable<IReadOnlyDictionary<string, T>> maps) =>
        new(maps.SelectMany(m => m.Keys), StringComparer.Ordinal);

    static void WriteStrings(Utf8JsonWriter json, string name, List<Run> runs, Func<Run, Dictionary<string, string>> select)
    {
        var maps = runs.Select(select).ToList();
        json.WriteStartArray(name);
        foreach (var key in Keys(maps))
        {
            json.WriteStartObject();
            json.WriteString("key", key);
            json.WriteStartArray("values");
            foreach (var map in maps)
            {
                if (map.TryGetValue(key, out var value)) json.WriteStringValue(value);
                else json.WriteNullValue();
            }
            json.WriteEndArray();
            string? first = maps[0].GetValueOrDefault(key);
            json.WriteBoolean("same", maps.All(m => m.GetValueOrDefault(key) == first));
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    static void WriteMetrics(Utf8JsonWriter json, List<Run> runs)
    {
        var maps = runs.Select(r => r.Data.LatestMetrics.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal)).ToList();
        json.WriteStartArray("metrics");
        foreach (var key in Keys(maps))
        {
            json.WriteStartObject();
            json.WriteString("key", key);
            json.WriteStartArray("values");
            int best = -1;
            for (int i = 0; i < maps.Count; i++)
            {
                if (!maps[i].TryGetValue(key, out double value))
                {
                    json.WriteNullValue();
                    continue;
                }
                MlflowJsonWriter.WriteDoubleValue(json, value);
                if (best < 0 ? !double.IsNaN(value) : MetricGoal.IsBetter(key, value, maps[best][key])) best = i;
            }
            json.WriteEndArray();
            json.WriteString("better", MetricGoal.Name(key));
            if (best >= 0) json.WriteString("best_run_id", runs[best].Info.RunId);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
