using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quarry.Core;
using Quarry.Tracking;
using Quarry.Tracking.Rest;

namespace Quarry.Server.Mlflow;

/// <summary>MLflow's metric-history endpoints (spec <c>mlflow-rest.md</c> §3.2): full or paged history, and the UI's sampled bulk history.</summary>
internal static class MlflowMetricsApi
{
    /// <summary>The most run ids one bulk-interval request may name.</summary>
    public const int MaxBulkRuns = 20;

    /// <summary>MLflow's <c>MAX_RESULTS_PER_RUN</c>: the default and largest point budget per run of a bulk-interval request.</summary>
    public const int MaxResultsPerRun = 2500;

    /// <summary>MLflow's <c>GET_METRIC_HISTORY_MAX_RESULTS</c>.</summary>
    public const int MaxHistoryResults = 25000;

    const int FlushBytes = 64 * 1024;

    public static void MapMlflowMetrics(this IEndpointRouteBuilder app)
    {
        app.MapMlflow(MlflowRoutes.Get, "metrics/get-history", GetHistory);
        app.MapMlflow(MlflowRoutes.Get, "metrics/get-history-bulk-interval", GetHistoryBulkInterval);
    }

    /// <summary>Every point of one metric; paged by offset tokens when <c>max_results</c> is given, else all at once.</summary>
    static async Task GetHistory(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        string runId = request.RunId(), key = request.RequiredString("metric_key");
        int? max = request.Int32("max_results", 0, MaxHistoryResults);
        long offset = MlflowPageToken.Decode(request.String("page_token"));
        var history = await context.TrackingStore().GetMetricHistoryAsync(runId, key, context.RequestAborted).ConfigureAwait(false);
        int start = (int)Math.Min(offset, history.Count);
        int count = max is { } m ? Math.Min(m, history.Count - start) : history.Count - start;
        string? next = max is > 0 && start + count < history.Count ? MlflowPageToken.Encode(start + count) : null;
        using var json = MlflowResponse.Json(context);
        json.WriteStartObject();
        if (count > 0)
        {
            json.WriteStartArray("metrics");
            long sent = 0;
            for (int i = start; i < start + count; i++)
            {
                MlflowJsonWriter.WriteMetric(json, history[i]);
                // Send long histories as they are written (about 64 KB at a time) instead of buffering megabytes.
                if (json.BytesCommitted + json.BytesPending - sent > FlushBytes)
                {
                    json.Flush();
                    sent = json.BytesCommitted;
                    await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                }
            }
            json.WriteEndArray();
        }
        MlflowJsonWriter.WriteNonEmpty(json, "next_page_token", next);
        json.WriteEndObject();
    }

    /// <summary>
    /// The history of one metric over up to 20 runs, sampled to at most <c>max_results</c> steps (default and maximum
    /// 2500) spread evenly over the union of the runs' steps in [<c>start_step</c>, <c>end_step</c>], always keeping the
    /// first and last step; one point per run and sampled step (the last logged there). Ordered by run (as requested), then step.
    /// </summary>
    static async Task GetHistoryBulkInterval(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        var runIds = request.Strings("run_ids");
        if (runIds.Count == 0) throw MlflowErrors.MissingParameter("run_ids");
        if (runIds.Count > MaxBulkRuns)
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"GetMetricHistoryBulkInterval request must specify at most {MaxBulkRuns} run_ids. Received {runIds.Count} run_ids.");
        string key = request.RequiredString("metric_key");
        long? start = request.Int64("start_step"), end = request.Int64("end_step");
        if (start.HasValue != end.HasValue)
            throw new QuarryException(ErrorCode.InvalidParameter, "If either start step or end step are specified, both must be specified.");
        if (start > end)
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"end_step must be greater than start_step. Found start_step={start} and end_step={end}.");
        int max = request.Int64("max_results") is { } m
            ? (m is >= 1 and <= MaxResultsPerRun ? (int)m : throw new QuarryException(ErrorCode.InvalidParameter, $"max_results must be between 1 and {MaxResultsPerRun}."))
            : MaxResultsPerRun;

        var store = context.TrackingStore();
        var histories = new IReadOnlyList<Metric>[runIds.Count];
        for (int i = 0; i < runIds.Count; i++)
            histories[i] = await store.GetMetricHistoryAsync(runIds[i], key, context.RequestAborted).ConfigureAwait(false);
        var steps = StepSampler.Sample(histories, start ?? long.MinValue, end ?? long.MaxValue, max);

        using var json = MlflowResponse.Json(context);
        json.WriteStartObject();
        json.WriteStartArray("metrics");
        for (int i = 0; i < runIds.Count; i++)
            foreach (var point in StepSampler.LastPerStep(histories[i], steps)) MlflowJsonWriter.WriteMetric(json, point, runIds[i]);
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
