using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Quarry.Core;
using Quarry.Server.Dashboard.Html;
using Quarry.Server.Jobs;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>
/// <c>/backtests/{jobId}</c>: a launched backtest. While it is queued or running, dashboard.js polls
/// <c>GET /api/quarry/backtests/{id}</c> and reloads the page when its state changes; once finished the page shows the
/// key metrics, a link to the tracked run and the tearsheet; a failed job shows its error. Unknown ids are 404.
/// </summary>
internal static class BacktestJobPage
{
    static readonly string[] KeyMetrics = ["sharpe", "cagr", "total_return", "max_drawdown", "volatility", "trades"];

    /// <summary>The engine's summary, shown in the result table; the run page has every logged metric.</summary>
    static readonly string[] SummaryMetrics =
    [
        "final_value", "total_return", "cagr", "volatility", "sharpe", "sortino", "max_drawdown", "calmar", "trades", "win_rate",
        "profit_factor", "avg_trade", "exposure", "total_fees", "slippage_cost",
    ];

    public static Task<HtmlWriter> RenderAsync(DashboardServices s, IServiceProvider services, string id)
    {
        var job = services.GetRequiredService<BacktestJobRunner>().Get(id)
            ?? throw new QuarryException(ErrorCode.NotFound, $"No backtest job '{id}': jobs are kept in the server's memory, so a restart forgets them (their runs stay tracked).");
        var r = job.Request;
        var h = new HtmlWriter();
        string title = $"{r.Strategy} on {r.Symbol}";
        PageLayout.Begin(h, s, Section.Backtests, title, [new Crumb("Overview", "/"), new Crumb("Backtests", "/backtests/new"), new Crumb(id[..8], null)]);
        var (text, css) = Badge(job.State);
        h.Add($"""<div class="sub page-sub" id="job" data-job="{job.Id}" data-state="{job.State.ToString().ToLowerInvariant()}"{new RawHtml(job.IsDone ? "" : " data-poll=\"/api/quarry/backtests/" + job.Id + "\"")}>""");
        h.Add($"""<span><span class="badge {css}" id="job-state">{text}</span></span><span class="mono">{job.Id}</span><span title="{Display.ExactTime(job.CreatedAt)}">queued {Display.Ago(job.CreatedAt, s.Now)}</span>""");
        if (job.StartedAt is { } started) h.Add($"<span>took {Display.Duration(started, job.FinishedAt)}</span>");
        h.Raw("</div>\n");
        if (job.State == BacktestJobState.Finished) Cards(h, job);
        h.Raw("<div class=\"layout\"><div class=\"col-main\">");
        Outcome(h, job);
        h.Raw("</div><aside class=\"col-side\">");
        Request(h, r);
        h.Raw("</aside></div>");
        PageLayout.End(h);
        return Task.FromResult(h);
    }

    /// <summary>The badge text and class of a job state (the run statuses' colours).</summary>
    public static (string Text, string Css) Badge(BacktestJobState state) => state switch
    {
        BacktestJobState.Queued => ("Queued", "st-scheduled"),
        BacktestJobState.Running => ("Running", "st-running"),
        BacktestJobState.Finished => ("Finished", "st-finished"),
        _ => ("Failed", "st-failed"),
    };

    static void Cards(HtmlWriter h, BacktestJob job)
    {
        h.Raw("<div class=\"cards\">");
        foreach (var key in KeyMetrics)
            if (job.Metrics.TryGetValue(key, out var value)) Components.Card(h, key, Display.Number(value), id: "metric-" + key);
        h.Raw("</div>");
    }

    static void Outcome(HtmlWriter h, BacktestJob job)
    {
        switch (job.State)
        {
            case BacktestJobState.Finished:
                PageLayout.PanelStart(h, "Result", $"the engine's summary; all {job.Metrics.Count} logged metrics are on the tracked run");
                h.Add($"""<p class="actions"><a class="btn primary" id="tearsheet-link" href="{BacktestsApi.TearsheetUrl(job.RunId!)}">Open the tearsheet</a> <a class="btn" id="run-link" href="/runs/{job.RunId}">Tracked run</a> <a class="btn" href="/experiments/{job.ExperimentId}">Experiment</a></p>""");
                h.Raw("<table class=\"kv\" id=\"job-metrics\"><tbody>");
                foreach (var key in SummaryMetrics)
                    if (job.Metrics.TryGetValue(key, out var value))
                        h.Add($"""<tr><td class="key">{key}</td><td class="num">{Display.Number(value)}</td></tr>""");
                h.Raw("</tbody></table>");
                break;
            case BacktestJobState.Failed:
                PageLayout.PanelStart(h, "Failed");
                h.Add($"""<div class="filter-error" id="job-error">{job.Error ?? "unknown error"}</div>""");
                if (job.RunId is not null) h.Add($"""<p class="more">Its run is marked FAILED: <a id="run-link" href="/runs/{job.RunId}">tracked run</a>.</p>""");
                break;
            default:
                PageLayout.PanelStart(h, job.State == BacktestJobState.Queued ? "Waiting for a free worker" : "Running");
                h.Raw("<p class=\"empty\" id=\"job-wait\">This page follows the job and shows its result when it is done.</p>");
                break;
        }
        PageLayout.PanelEnd(h);
    }

    static void Request(HtmlWriter h, BacktestRequest r)
    {
        var inv = CultureInfo.InvariantCulture;
        PageLayout.PanelStart(h, "Request");
        h.Raw("<table class=\"kv\" id=\"job-request\"><tbody>");
        Row(h, "strategy", r.Strategy);
        foreach (var (key, value) in r.Parameters) Row(h, key, value);
        Row(h, "symbol", r.Symbol);
        Row(h, "start", r.Start?.ToString("yyyy-MM-dd", inv) ?? "first bar");
        Row(h, "end", r.End?.ToString("yyyy-MM-dd", inv) ?? "last bar");
        Row(h, "capital", Display.Number(r.Capital));
        Row(h, "commission", r.Commission.ToString("R", inv));
        Row(h, "slippage (bps)", r.SlippageBps.ToString("R", inv));
        Row(h, "size", r.Size.ToString("R", inv));
        Row(h, "experiment", r.Experiment);
        h.Raw("</tbody></table>");
        PageLayout.PanelEnd(h);
    }

    static void Row(HtmlWriter h, string key, string value) => h.Add($"""<tr><td class="key">{key}</td><td class="value">{value}</td></tr>""");
}
