using Microsoft.AspNetCore.Http;
using Quarry.Core;
using Quarry.Server.Dashboard.Data;
using Quarry.Server.Dashboard.Html;
using Quarry.Tracking;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>
/// <c>/compare?experiments=ID,ID,…&amp;metric=KEY</c>: 2 to <see cref="MaxExperiments"/> experiments side by side — per
/// experiment its active runs, how many have the metric (default <c>sharpe</c>), the median and the best value
/// (<see cref="MetricDirection"/>) with the run holding it; then those best runs' metrics side by side (the best of each
/// row highlighted) and their equity curves overlaid (<see cref="CompareEquity"/>). Unknown ids are a 404 naming them.
/// </summary>
internal static class CompareExperimentsPage
{
    public const int MaxExperiments = 5;
    const string DefaultMetric = "sharpe";

    public static async Task<HtmlWriter> RenderAsync(DashboardServices s, IReadOnlyList<string> ids, HttpRequest request, CancellationToken ct)
    {
        if (ids.Count is < 2 or > MaxExperiments)
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"Compare takes 2 to {MaxExperiments} experiments; the address lists {ids.Count} (fix: /compare?experiments=ID,ID with 2 to {MaxExperiments} ids).");
        string metric = Query.Get(request, "metric") ?? DefaultMetric;
        var experiments = await LoadAsync(s, ids, ct).ConfigureAwait(false);
        var summaries = (await Task.WhenAll(experiments.Select(e => s.Queries.MetricSummaryAsync(e.ExperimentId, metric, ct))).ConfigureAwait(false)).ToList();
        var best = new List<Run?>();
        foreach (var summary in summaries)
            best.Add(summary.BestRunId is { } id ? await s.Store.GetRunAsync(id, ct).ConfigureAwait(false) : null);

        var h = new HtmlWriter();
        PageLayout.Begin(h, s, Section.Compare, $"Compare {experiments.Count} experiments", [new Crumb("Overview", "/"), new Crumb("Compare", "/compare"), new Crumb("Experiments", null)]);
        MetricForm(h, ids, metric);
        Summary(h, experiments, summaries, best, metric);
        var names = experiments.Select(e => e.Name).ToList();
        var shown = Enumerable.Range(0, best.Count).Where(i => best[i] is not null).ToList();
        h.Raw("<div class=\"stack\">");
        if (shown.Count > 0)
        {
            var bestRuns = shown.Select(i => best[i]!).ToList();
            var columns = shown.Select(i => $"{names[i]} · {ComparePage.Name(best[i]!)}").ToList();
            CompareEquity.Write(h, columns, await ComparePage.LoadCurvesAsync(s, bestRuns, ct).ConfigureAwait(false));
            ComparePage.MetricsTable(h, columns, bestRuns.Select(r => r.Data.LatestMetrics.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal)).ToList());
        }
        h.Raw("</div>");
        PageLayout.End(h);
        return h;
    }

    static async Task<List<Experiment>> LoadAsync(DashboardServices s, IReadOnlyList<string> ids, CancellationToken ct)
    {
        var found = new List<Experiment>();
        var missing = new List<string>();
        foreach (var id in ids)
        {
            try { found.Add(await s.Store.GetExperimentAsync(id, ct).ConfigureAwait(false)); }
            catch (QuarryException e) when (e.Code is ErrorCode.NotFound or ErrorCode.InvalidParameter) { missing.Add(id); }
        }
        return missing.Count == 0 ? found
            : throw new QuarryException(ErrorCode.NotFound, $"No experiment with id {string.Join(", ", missing)} (fix: remove it from the address; ids are listed at /experiments).");
    }

    static void MetricForm(HtmlWriter h, IReadOnlyList<string> ids, string metric)
    {
        h.Add($"""<form class="panel toolbar" method="get" action="/compare" id="compare-metric"><input type="hidden" name="experiments" value="{string.Join(',', ids)}"><label>Metric <input type="text" name="metric" value="{metric}" size="18"></label> <button type="submit">Compare</button> <span class="hint">{MetricDirection.Describe(metric)}</span></form>""");
    }

    static void Summary(HtmlWriter h, List<Experiment> experiments, List<ExperimentMetricSummary> summaries, List<Run?> best, string metric)
    {
        PageLayout.PanelStart(h, "Experiments", $"best and median of {metric} over each experiment's active runs", "experiments-summary");
        h.Add($"""<div class="tbl-scroll"><table id="compare-experiments"><thead><tr><th>Experiment</th><th class="num">Runs</th><th class="num">With {metric}</th><th class="num">Best</th><th class="num">Median</th><th>Best run</th></tr></thead><tbody>""");
        for (int i = 0; i < experiments.Count; i++)
        {
            var (e, m) = (experiments[i], summaries[i]);
            h.Add($"""<tr data-experiment="{e.ExperimentId}"><td><span class="swatch" style="background:{ChartSpec.Palette[i % ChartSpec.Palette.Length]}"></span><a href="/experiments/{e.ExperimentId}">{e.Name}</a></td><td class="num">{Display.Count(m.Runs)}</td><td class="num">{Display.Count(m.WithMetric)}</td>""");
            Cell(h, m.Best, "best-value");
            Cell(h, m.Median, "median");
            h.Raw("<td>");
            if (best[i] is { } run) Components.RunLink(h, run.Info);
            else h.Raw("<span class=\"muted\">—</span>");
            h.Raw("</td></tr>");
        }
        h.Raw("</tbody></table></div>");
        PageLayout.PanelEnd(h);
    }

    static void Cell(HtmlWriter h, double? value, string css)
    {
        if (value is { } v) h.Add($"""<td class="num {css}" data-v="{Components.Raw(v)}">{Display.Number(v)}</td>""");
        else h.Raw("<td class=\"num muted\">—</td>");
    }
}
