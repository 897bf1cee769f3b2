using Microsoft.AspNetCore.Http;
using Quarry.Core;
using Quarry.Server.Dashboard.Data;
using Quarry.Server.Dashboard.Html;
using Quarry.Tracking;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>
/// <c>/compare?runs=ID,ID,…</c> (also repeated <c>runs=</c>, as the runs table's form sends them): 2 to
/// <see cref="MaxRuns"/> runs side by side — Sharpe and return bars, a risk/return scatter (<c>?x=</c> and <c>?y=</c>
/// choose the metrics), every metric with the best value of each row highlighted (<see cref="MetricDirection"/>), and
/// params and tags with the rows that differ marked, and their equity curves overlaid (<see cref="CompareEquity"/>).
/// Unknown run ids are a 404 naming them. <c>/compare?experiments=ID,ID</c> compares experiments instead
/// (<see cref="CompareExperimentsPage"/>).
/// </summary>
internal static class ComparePage
{
    public const int MaxRuns = 10;
    const int MaxRows = 500;

    public static async Task<HtmlWriter> RenderAsync(DashboardServices s, HttpRequest request, CancellationToken ct)
    {
        if (Query.List(request, "experiments") is { } experimentIds) return await CompareExperimentsPage.RenderAsync(s, experimentIds, request, ct).ConfigureAwait(false);
        var ids = Query.List(request, "runs") ?? [];
        var h = new HtmlWriter();
        PageLayout.Begin(h, s, Section.Compare, ids.Count < 2 ? "Compare runs" : $"Compare {ids.Count} runs", [new Crumb("Overview", "/"), new Crumb("Compare", null)]);
        if (ids.Count < 2)
        {
            h.Raw("<section class=\"panel\" id=\"compare-help\"><p>Pick 2 to 10 runs: tick them in an experiment's runs table and press " +
                  "<b>Compare selected</b>, or list them in the address: <code>/compare?runs=RUN_ID,RUN_ID</code>.</p><p><a href=\"/experiments\">Experiments →</a></p></section>");
            PageLayout.End(h);
            return h;
        }
        if (ids.Count > MaxRuns)
            throw new QuarryException(ErrorCode.InvalidParameter, $"Compare takes 2 to {MaxRuns} runs; the address lists {ids.Count} (fix: select fewer runs).");
        var runs = await LoadAsync(s, ids, ct).ConfigureAwait(false);
        var experiments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in runs.Select(r => r.Info.ExperimentId).Distinct())
            experiments[id] = (await s.Store.GetExperimentAsync(id, ct).ConfigureAwait(false)).Name;

        Legend(h, runs, experiments);
        var metrics = runs.Select(r => r.Data.LatestMetrics.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal)).ToList();
        CompareCharts.Write(h, runs, metrics, Query.Get(request, "x"), Query.Get(request, "y"));
        var names = runs.Select(Name).ToList();
        h.Raw("<div class=\"stack\">");
        CompareEquity.Write(h, names, await LoadCurvesAsync(s, runs, ct).ConfigureAwait(false));
        MetricsTable(h, names, metrics);
        TextTable(h, "Params", "compare-params", runs, runs.Select(r => r.Data.Params.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)).ToList());
        TextTable(h, "Tags", "compare-tags", runs, runs.Select(r => r.Data.Tags.Where(t => !t.Key.StartsWith("mlflow.", StringComparison.Ordinal))
            .ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal)).ToList());
        h.Raw("</div>");
        PageLayout.End(h);
        return h;
    }

    static async Task<List<Run>> LoadAsync(DashboardServices s, IReadOnlyList<string> ids, CancellationToken ct)
    {
        var runs = new List<Run>();
        var missing = new List<string>();
        foreach (var id in ids)
        {
            try { runs.Add(await s.Store.GetRunAsync(id, ct).ConfigureAwait(false)); }
            catch (QuarryException e) when (e.Code == ErrorCode.NotFound) { missing.Add(id); }
        }
        return missing.Count == 0 ? runs
            : throw new QuarryException(ErrorCode.NotFound, $"No run with id {string.Join(", ", missing)} (fix: remove it from the address or pick runs in an experiment's runs table).");
    }

    static void Legend(HtmlWriter h, List<Run> runs, Dictionary<string, string> experiments)
    {
        PageLayout.PanelStart(h, "Runs");
        h.Raw("<div class=\"tbl-scroll\"><table id=\"compare-runs\"><thead><tr><th>Run</th><th>Experiment</th><th>Status</th><th>Started</th><th></th></tr></thead><tbody>");
        for (int i = 0; i < runs.Count; i++)
        {
            var info = runs[i].Info;
            string without = Query.Build("/compare", ("runs", string.Join(',', runs.Where((_, j) => j != i).Select(r => r.Info.RunId))));
            h.Add($"""<tr data-run="{info.RunId}"><td><span class="swatch" style="background:{ChartSpec.Palette[i % ChartSpec.Palette.Length]}"></span>""");
            Components.RunLink(h, info);
            h.Add($"""</td><td><a href="/experiments/{info.ExperimentId}">{experiments[info.ExperimentId]}</a></td><td>""");
            Components.Status(h, info.Status);
            h.Add($"""</td><td>{Display.Time(info.StartTime)}</td><td class="num">""");
            if (runs.Count > 2) h.Add($"""<a href="{without}" title="compare without this run">remove</a>""");
            h.Raw("</td></tr>");
        }
        h.Raw("</tbody></table></div>");
        PageLayout.PanelEnd(h);
    }

    /// <summary>The equity curves of <paramref name="runs"/> (null for a run without one), read in parallel.</summary>
    public static async Task<IReadOnlyList<EquityCurve?>> LoadCurvesAsync(DashboardServices s, IReadOnlyList<Run> runs, CancellationToken ct) =>
        await Task.WhenAll(runs.Select(r => EquityCurve.LoadAsync(s, r, ct))).ConfigureAwait(false);

    static void Head(HtmlWriter h, IReadOnlyList<string> names, string first)
    {
        h.Add($"<thead><tr><th>{first}</th>");
        for (int i = 0; i < names.Count; i++)
            h.Add($"""<th class="num"><span class="swatch" style="background:{ChartSpec.Palette[i % ChartSpec.Palette.Length]}"></span>{names[i]}</th>""");
        h.Raw("</tr></thead>");
    }

    /// <summary>Every metric of the columns side by side, the best of each row highlighted.</summary>
    public static void MetricsTable(HtmlWriter h, IReadOnlyList<string> names, List<Dictionary<string, double>> metrics)
    {
        var keys = metrics.SelectMany(m => m.Keys).Distinct(StringComparer.Ordinal)
            .OrderBy(k => Array.IndexOf(Components.KeyMetrics, k) is var i && i >= 0 ? i : int.MaxValue).ThenBy(k => k, StringComparer.Ordinal).ToList();
        PageLayout.PanelStart(h, $"Metrics ({keys.Count})", "the best of each row is highlighted: higher is better, except smaller magnitudes for drawdown, volatility, loss and error");
        h.Raw("<div class=\"tbl-scroll\"><table id=\"compare-metrics\">");
        Head(h, names, "Metric");
        h.Raw("<tbody>");
        foreach (var key in keys.Take(MaxRows))
        {
            var values = metrics.Select(m => m.TryGetValue(key, out var v) ? v : (double?)null).ToList();
            double? best = values.Count(v => v is { } x && !double.IsNaN(x)) >= 2 ? MetricDirection.Best(key, values.OfType<double>()) : null;
            h.Add($"""<tr data-metric="{key}"><td class="key" title="{MetricDirection.Describe(key)}">{key}</td>""");
            foreach (var v in values)
                if (v is not { } x) h.Raw("<td class=\"num muted\">—</td>");
                else h.Add($"""<td class="num{new RawHtml(best is { } b && x.Equals(b) ? " best" : "")}" data-v="{Components.Raw(x)}">{Display.Number(x)}</td>""");
            h.Raw("</tr>");
        }
        h.Raw("</tbody></table></div>");
        PageLayout.PanelEnd(h);
    }

    static void TextTable(HtmlWriter h, string title, string id, List<Run> runs, List<Dictionary<string, string>> values)
    {
        var keys = values.SelectMany(v => v.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        int differing = keys.Count(k => values.Select(v => v.GetValueOrDefault(k)).Distinct().Count() > 1);
        PageLayout.PanelStart(h, $"{title} ({keys.Count})", $"{differing} differ (in bold)");
        if (keys.Count == 0) h.Add($"""<p class="empty">No {title.ToLowerInvariant()}.</p>""");
        else
        {
            h.Add($"""<div class="tbl-scroll"><table id="{id}">""");
            Head(h, runs.Select(Name).ToList(), title[..^1]);
            h.Raw("<tbody>");
            foreach (var key in keys.Take(MaxRows))
            {
                bool differs = values.Select(v => v.GetValueOrDefault(key)).Distinct().Count() > 1;
                h.Add($"""<tr{new RawHtml(differs ? " class=\"diff\"" : "")}><td class="key">{key}</td>""");
                foreach (var v in values)
                    h.Add($"""<td class="num">{(v.TryGetValue(key, out var text) ? text : "—")}</td>""");
                h.Raw("</tr>");
            }
            h.Raw("</tbody></table></div>");
        }
        PageLayout.PanelEnd(h);
    }

    /// <summary>A run's display name (its id's start when it has none).</summary>
    public static string Name(Run run) => run.Info.RunName.Length == 0 ? run.Info.RunId[..8] : run.Info.RunName;
}
