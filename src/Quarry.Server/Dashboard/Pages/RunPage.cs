using Microsoft.AspNetCore.Http;
using Quarry.Core;
using Quarry.Server.Dashboard.Data;
using Quarry.Server.Dashboard.Html;
using Quarry.Tracking;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>
/// <c>/runs/{id}</c>: a run's key metrics as cards, metric history charts (downsampled on the server; <c>?charts=KEY,…</c>
/// chooses them), every latest metric with its history size, params, tags (system tags folded), datasets, parent and
/// child runs, and its artifacts (<see cref="ArtifactsPanel"/>; <c>?artifacts=FOLDER</c> browses them).
/// </summary>
internal static class RunPage
{
    const string ParentTag = "mlflow.parentRunId";
    const int MaxChildren = 50, MaxMetricRows = 2000;

    public static async Task<HtmlWriter> RenderAsync(DashboardServices s, string runId, HttpRequest request, CancellationToken ct)
    {
        var run = await s.Store.GetRunAsync(runId, ct).ConfigureAwait(false);
        var info = run.Info;
        var experiment = await s.Store.GetExperimentAsync(info.ExperimentId, ct).ConfigureAwait(false);
        string? parentId = RunColumns.Tag(run, ParentTag);
        var parent = parentId is null ? null : await TryGetRunAsync(s, parentId, ct).ConfigureAwait(false);
        var (childIds, childCount) = await s.Queries.ChildRunsAsync(info.RunId, MaxChildren, ct).ConfigureAwait(false);
        var children = await RunsById.LoadAsync(s.Store, [info.ExperimentId], childIds, "attributes.start_time ASC", ct).ConfigureAwait(false);
        string childFilter = $"{SearchSyntax.Identifier("tags", ParentTag)} = '{info.RunId}'";
        var histories = await s.Queries.HistoryInfoAsync(runId, ct).ConfigureAwait(false);

        var h = new HtmlWriter();
        string title = info.RunName.Length == 0 ? info.RunId : info.RunName;
        PageLayout.Begin(h, s, Section.Experiments, title,
            [new Crumb("Overview", "/"), new Crumb("Experiments", "/experiments"), new Crumb(experiment.Name, "/experiments/" + experiment.ExperimentId), new Crumb(title, null)]);
        Subtitle(h, run, parentId, parent, s.Now);
        Cards(h, run);
        h.Raw("<div class=\"layout\"><div class=\"col-main\">");
        var charts = MetricCharts.Choose(histories, Query.List(request, "charts"));
        PageLayout.PanelStart(h, "Metric history", charts.Count == 0 ? "no metric has more than one point" : $"downsampled on the server to ≤ {MetricCharts.PointBudget:N0} points; drag to zoom, double-click to reset", "metric-charts");
        if (charts.Count > 0) await MetricCharts.WriteAsync(h, s, runId, charts, ct).ConfigureAwait(false);
        PageLayout.PanelEnd(h);
        MetricsTable(h, run, histories);
        ChildRuns(h, run, children, childCount, childFilter, s.Now);
        h.Raw("</div><aside class=\"col-side\">");
        KeyValues(h, "Params", "params", run.Data.Params.Select(p => (p.Key, p.Value)));
        Tags(h, run);
        Datasets(h, run);
        await ArtifactsPanel.WriteAsync(h, s, run, Query.Get(request, "artifacts"), ct).ConfigureAwait(false);
        h.Raw("</aside></div>");
        PageLayout.End(h);
        return h;
    }

    static async Task<Run?> TryGetRunAsync(DashboardServices s, string runId, CancellationToken ct)
    {
        try { return await s.Store.GetRunAsync(runId, ct).ConfigureAwait(false); }
        catch (QuarryException e) when (e.Code == ErrorCode.NotFound) { return null; }
    }

    static void Subtitle(HtmlWriter h, Run run, string? parentId, Run? parent, long now)
    {
        var i = run.Info;
        h.Raw("<div class=\"sub page-sub\"><span>");
        Components.Status(h, i.Status);
        h.Add($"""</span><span class="mono" id="run-id">{i.RunId}</span><span title="{Display.ExactTime(i.StartTime)}">started {Display.Time(i.StartTime)} ({Display.Ago(i.StartTime, now)})</span><span>took {Display.Duration(i.StartTime, i.EndTime)}</span>""");
        if (i.UserId.Length > 0) h.Add($"<span>by {i.UserId}</span>");
        if (parentId is not null)
            h.Add($"""<span id="parent-run">child of <a href="/runs/{parentId}">{parent?.Info.RunName ?? parentId}</a></span>""");
        if (i.LifecycleStage != LifecycleStage.Active) h.Add($"""<span class="badge st-failed">{i.LifecycleStage}</span>""");
        h.Raw("</div>\n");
    }

    static void Cards(HtmlWriter h, Run run)
    {
        var keys = Components.PresentKeyMetrics([run], 6);
        if (keys.Count == 0) return;
        h.Raw("<div class=\"cards\">");
        foreach (var k in keys) Components.Card(h, k, Display.Number(Components.Find(run.Data.LatestMetrics, k)!.Value), id: "metric-" + k);
        h.Raw("</div>");
    }

    static void MetricsTable(HtmlWriter h, Run run, IReadOnlyList<MetricHistoryInfo> histories)
    {
        var metrics = run.Data.LatestMetrics;
        var points = histories.ToDictionary(x => x.Key, x => x.Points, StringComparer.Ordinal);
        PageLayout.PanelStart(h, $"Metrics ({Display.Count(metrics.Count)})", metrics.Count > MaxMetricRows ? $"the first {MaxMetricRows:N0} shown" : "latest values");
        if (metrics.Count == 0) h.Raw("<p class=\"empty\">No metrics logged.</p>");
        else
        {
            h.Raw("<div class=\"tbl-scroll\"><table class=\"kv\" id=\"metrics\"><thead><tr><th>Key</th><th class=\"num\">Value</th><th class=\"num\">Step</th><th class=\"num\">Points</th><th></th></tr></thead><tbody>");
            foreach (var m in metrics.Take(MaxMetricRows))
            {
                long n = points.GetValueOrDefault(m.Key, 1);
                h.Add($"""<tr data-metric="{m.Key}"><td class="key">{m.Key}</td><td class="num" data-v="{Components.Raw(m.Value)}">{Display.Number(m.Value)}</td><td class="num">{Display.Count(m.Step)}</td><td class="num">{Display.Count(n)}</td><td>""");
                if (n > 1) h.Add($"""<a href="{Query.Build("/runs/" + run.Info.RunId, ("charts", m.Key))}#metric-charts">chart</a>""");
                h.Raw("</td></tr>");
            }
            h.Raw("</tbody></table></div>");
        }
        PageLayout.PanelEnd(h);
    }

    static void ChildRuns(HtmlWriter h, Run run, IReadOnlyList<Run> children, long total, string filter, long now)
    {
        if (children.Count == 0) return;
        string all = Query.Build("/experiments/" + run.Info.ExperimentId, ("filter", filter));
        PageLayout.PanelStart(h, $"Child runs ({Display.Count(total)})", total > children.Count ? $"the first {children.Count}" : null);
        var metrics = Components.PresentKeyMetrics(children, 4).Concat(
            children.SelectMany(r => r.Data.LatestMetrics.Select(m => m.Key)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)).Distinct().Take(4).ToList();
        h.Raw("<div class=\"tbl-scroll\"><table id=\"child-runs\"><thead><tr><th>Run</th><th>Status</th><th>Started</th>");
        foreach (var m in metrics) h.Add($"""<th class="num">{m}</th>""");
        h.Raw("</tr></thead><tbody>");
        foreach (var child in children)
        {
            h.Raw("<tr><td>");
            Components.RunLink(h, child.Info);
            h.Raw("</td><td>");
            Components.Status(h, child.Info.Status);
            h.Add($"</td><td>{Display.Ago(child.Info.StartTime, now)}</td>");
            foreach (var m in metrics) Components.MetricCell(h, child.Data, m);
            h.Raw("</tr>");
        }
        h.Add($"""</tbody></table></div><p class="more"><a href="{all}">All child runs in the runs table →</a></p>""");
        PageLayout.PanelEnd(h);
    }

    static void KeyValues(HtmlWriter h, string title, string id, IEnumerable<(string Key, string Value)> rows)
    {
        var list = rows.ToList();
        PageLayout.PanelStart(h, $"{title} ({list.Count})");
        if (list.Count == 0) h.Add($"""<p class="empty">No {title.ToLowerInvariant()}.</p>""");
        else
        {
            h.Add($"""<table class="kv" id="{id}"><tbody>""");
            foreach (var (key, value) in list) h.Add($"""<tr><td class="key">{key}</td><td class="value">{value}</td></tr>""");
            h.Raw("</tbody></table>");
        }
        PageLayout.PanelEnd(h);
    }

    static void Tags(HtmlWriter h, Run run)
    {
        var user = run.Data.Tags.Where(t => !t.Key.StartsWith("mlflow.", StringComparison.Ordinal)).Select(t => (t.Key, t.Value));
        KeyValues(h, "Tags", "tags", user);
        var system = run.Data.Tags.Where(t => t.Key.StartsWith("mlflow.", StringComparison.Ordinal)).ToList();
        if (system.Count == 0) return;
        h.Add($"""<details class="panel"><summary class="muted">System tags ({system.Count})</summary><table class="kv"><tbody>""");
        foreach (var t in system) h.Add($"""<tr><td class="key">{t.Key}</td><td class="value">{t.Value}</td></tr>""");
        h.Raw("</tbody></table></details>");
    }

    static void Datasets(HtmlWriter h, Run run)
    {
        if (run.Inputs.Count == 0) return;
        PageLayout.PanelStart(h, $"Datasets ({run.Inputs.Count})");
        h.Raw("<ul class=\"list\">");
        foreach (var input in run.Inputs)
        {
            string context = input.Tags.FirstOrDefault(t => t.Key == "mlflow.data.context")?.Value ?? "";
            h.Add($"""<li><b>{input.Dataset.Name}</b> <span class="mono muted">{input.Dataset.Digest}</span> <span class="tagchip">{input.Dataset.SourceType}</span><span class="muted">{context}</span></li>""");
        }
        h.Raw("</ul>");
        PageLayout.PanelEnd(h);
    }
}
