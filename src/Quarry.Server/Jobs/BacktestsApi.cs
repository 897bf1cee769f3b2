using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Quarry.Core;
using Quarry.Server.Api;
using Quarry.Server.Hosting;
using Quarry.Server.Mlflow;

namespace Quarry.Server.Jobs;

/// <summary>
/// The backtest launcher's API: <c>POST /api/quarry/backtests</c> queues a backtest (202 with its <c>job_id</c>; 400 with
/// the bad <c>field</c> and the fix), <c>GET /api/quarry/backtests/{id}</c> its status, timings, run, metrics and
/// tearsheet URL, <c>GET /api/quarry/backtests</c> the newest jobs.
/// </summary>
internal static class BacktestsApi
{
    const string Route = QuarryApi.Prefix + "/backtests";

    public static IEndpointRouteBuilder MapBacktests(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, Launch);
        app.MapGet(Route, List);
        app.MapGet(Route + "/{id}", Get);
        return app;
    }

    /// <summary>Where a finished run's tearsheet opens.</summary>
    public static string TearsheetUrl(string runId) => "/runs/" + runId + "/tearsheet";

    static async Task Launch(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        BacktestJob job;
        try
        {
            var parsed = context.RequestServices.GetRequiredService<BacktestRequestParser>().Parse(request.Body);
            job = context.RequestServices.GetRequiredService<BacktestJobRunner>().Submit(parsed);
        }
        catch (BacktestRequestException e)
        {
            await WriteInvalidAsync(context, e).ConfigureAwait(false);
            return;
        }
        context.Response.Headers.Location = Route + "/" + job.Id;
        using var json = MlflowResponse.Json(context);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        json.WriteStartObject();
        json.WriteString("job_id", job.Id);
        json.WriteString("status_url", Route + "/" + job.Id);
        json.WriteString("page_url", "/backtests/" + job.Id);
        json.WriteEndObject();
    }

    static Task Get(HttpContext context)
    {
        string id = (string)context.Request.RouteValues["id"]!;
        var job = context.RequestServices.GetRequiredService<BacktestJobRunner>().Get(id)
            ?? throw new QuarryException(ErrorCode.NotFound, $"No backtest job '{id}' (jobs live in the server's memory: a restart forgets them; their runs stay tracked).");
        using var json = MlflowResponse.Json(context);
        Write(json, job);
        return Task.CompletedTask;
    }

    static Task List(HttpContext context)
    {
        int limit = 50;
        if (context.Request.Query["limit"] is { Count: > 0 } text &&
            (!int.TryParse(text[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > BacktestJobRunner.MaxKept))
            throw new QuarryException(ErrorCode.InvalidParameter, $"limit '{text[0]}' is invalid (fix: 1..{BacktestJobRunner.MaxKept}).");
        using var json = MlflowResponse.Json(context);
        json.WriteStartObject();
        json.WriteStartArray("jobs");
        foreach (var job in context.RequestServices.GetRequiredService<BacktestJobRunner>().Recent(limit)) Write(json, job);
        json.WriteEndArray();
        json.WriteEndObject();
        return Task.CompletedTask;
    }

    /// <summary>Writes one job as a JSON object (the <c>BacktestJob</c> schema of openapi.json).</summary>
    public static void Write(Utf8JsonWriter json, BacktestJob job)
    {
        var r = job.Request;
        json.WriteStartObject();
        json.WriteString("job_id", job.Id);
        json.WriteString("state", job.State.ToString().ToLowerInvariant());
        json.WriteString("strategy", r.Strategy);
        json.WriteStartObject("params");
        foreach (var (key, value) in r.Parameters) json.WriteString(key, value);
        json.WriteEndObject();
        json.WriteString("symbol", r.Symbol);
        if (r.Start is { } start) json.WriteString("start", start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (r.End is { } end) json.WriteString("end", end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteNumber("commission", r.Commission);
        json.WriteNumber("slippage", r.SlippageBps);
        json.WriteNumber("capital", r.Capital);
        json.WriteNumber("size", r.Size);
        json.WriteString("experiment", r.Experiment);
        json.WriteNumber("created_at", job.CreatedAt);
        if (job.StartedAt is { } started) json.WriteNumber("started_at", started);
        if (job.FinishedAt is { } finished) json.WriteNumber("finished_at", finished);
        if (job.StartedAt is { } s && job.FinishedAt is { } f) json.WriteNumber("duration_ms", f - s);
        if (job.Error is not null) json.WriteString("error", job.Error);
        if (job.RunId is not null)
        {
            json.WriteString("run_id", job.RunId);
            json.WriteString("experiment_id", job.ExperimentId);
            json.WriteString("run_url", "/runs/" + job.RunId);
        }
        if (job.State == BacktestJobState.Finished) json.WriteString("tearsheet_url", TearsheetUrl(job.RunId!));
        json.WriteStartObject("metrics");
        foreach (var (key, value) in job.Metrics) json.WriteNumber(key, value);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    static async Task WriteInvalidAsync(HttpContext context, BacktestRequestException e)
    {
        var (code, status) = ErrorMiddleware.Map(e.Code);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body, MlflowResponse.WriterOptions);
        json.WriteStartObject();
        json.WriteString("error_code", code);
        json.WriteString("message", e.Message);
        json.WriteString("field", e.Field);
        json.WriteString(Tracking.Rest.MlflowErrors.QuarryCodeKey, e.Code.ToString());
        json.WriteEndObject();
    }
}
