using Quarry.Server.Dashboard.Data;
using Quarry.Server.Dashboard.Html;
using Quarry.Tracking;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>
/// <c>/</c>: cards (experiments, runs, runs in the last 7 days, failed runs, studies running), the most recent runs
/// across all experiments, recent failures and the newest experiments. The counts scan the runs once; the recent runs
/// are read backwards from each experiment's start-time index, never by sorting every run.
/// </summary>
internal static class OverviewPage
{
    const int RecentRuns = 12, RecentFailures = 5, RecentExperiments = 8;
    const long Week = 7L * 24 * 3600 * 1000;

    public static async Task<HtmlWriter> RenderAsync(DashboardServices s, CancellationToken ct)
    {
        long now = s.Now;
        var counts = await s.Counts.CountAsync([], now - Week, ct).ConfigureAwait(false);
        var experiments = await s.Store.ListExperimentsAsync(cancellationToken: ct).ConfigureAwait(false);
        var ids = experiments.Select(e => e.ExperimentId).ToList();
        var recent = await RunsById.LoadAsync(s.Store, ids, await s.Queries.RecentRunIdsAsync(ids, RecentRuns, false, ct).ConfigureAwait(false), null, ct)
            .ConfigureAwait(false);
        IReadOnlyList<Run> failed = counts.FailedRuns == 0 ? []
            : await RunsById.LoadAsync(s.Store, ids, await s.Queries.RecentRunIdsAsync(ids, RecentFailures, true, ct).ConfigureAwait(false), null, ct)
                .ConfigureAwait(false);
        var names = experiments.ToDictionary(e => e.ExperimentId, e => e.Name, StringComparer.Ordinal);

        var h = new HtmlWriter();
        PageLayout.Begin(h, s, Section.Overview, "Research overview", []);
        h.Raw("<div class=\"cards\">");
        Components.Card(h, "Experiments", Display.Count(counts.Experiments), "active", "/experiments", "experiments");
        Components.Card(h, "Runs", Display.Count(counts.Runs), $"{Display.Count(counts.RunningRuns)} running now", id: "runs");
        Components.Card(h, "Runs · last 7 days", Display.Count(counts.RecentRuns), "started since " + Display.Time(now - Week)[..10], id: "runs-7d");
        Components.Card(h, "Failed runs", Display.Count(counts.FailedRuns), counts.FailedRuns == 0 ? "none" : "see recent failures below", id: "failed");
        int studiesRunning = s.Studies.RunningStudies();
        Components.Card(h, "Studies running", Display.Count(studiesRunning), studiesRunning == 0 ? "no trials running" : "with trials running now", "/studies", "studies");
        h.Raw("</div>\n<div class=\"layout\"><div class=\"col-main\">");
        PageLayout.PanelStart(h, "Recent runs", $"the {RecentRuns} most recently started, all experiments");
        RunsTable(h, recent, names, now);
        PageLayout.PanelEnd(h);
        h.Raw("</div><aside class=\"col-side\">");
        ExperimentsPanel(h, experiments);
        PageLayout.PanelStart(h, "Recent failures");
        if (failed.Count == 0) h.Raw("<p class=\"empty\">No failed runs.</p>");
        else RunsList(h, failed, names, now);
        PageLayout.PanelEnd(h);
        h.Raw("</aside></div>");
        PageLayout.End(h);
        return h;
    }

    static void RunsTable(HtmlWriter h, IReadOnlyList<Run> runs, Dictionary<string, string> names, long now)
    {
        if (runs.Count == 0)
        {
            h.Raw("<p class=\"empty\">No runs yet. Track one with <code>quarry backtest … --track</code> or any MLflow client.</p>");
            return;
        }
        var metrics = Components.PresentKeyMetrics(runs, 3);
        h.Raw("<div class=\"tbl-scroll\"><table class=\"runs\" id=\"recent-runs\"><thead><tr><th class=\"t\">Run</th><th class=\"t\">Experiment</th><th class=\"t\">Status</th><th class=\"t\">Started</th><th>Duration</th>");
        foreach (var m in metrics) h.Add($"<th>{m}</th>");
        h.Raw("</tr></thead><tbody>");
        foreach (var run in runs)
        {
            var i = run.Info;
            h.Raw("<tr><td class=\"t\">");
            Components.RunLink(h, i);
            h.Add($"""</td><td class="t"><a href="/experiments/{i.ExperimentId}">{names.GetValueOrDefault(i.ExperimentId, i.ExperimentId)}</a></td><td class="t">""");
            Components.Status(h, i.Status);
            h.Add($"""</td><td class="t" title="{Display.ExactTime(i.StartTime)}">{Display.Ago(i.StartTime, now)}</td><td class="num">{Display.Duration(i.StartTime, i.EndTime)}</td>""");
            foreach (var m in metrics) Components.MetricCell(h, run.Data, m);
            h.Raw("</tr>");
        }
        h.Raw("</tbody></table></div>");
    }

    static void RunsList(HtmlWriter h, IReadOnlyList<Run> runs, Dictionary<string, string> names, long now)
    {
        h.Raw("<ul class=\"list\">");
        foreach (var run in runs)
        {
            h.Raw("<li>");
            Components.RunLink(h, run.Info);
            h.Add($"""<span class="muted"> in {names.GetValueOrDefault(run.Info.ExperimentId, run.Info.ExperimentId)} · {Display.Ago(run.Info.StartTime, now)}</span></li>""");
        }
        h.Raw("</ul>");
    }

    static void ExperimentsPanel(HtmlWriter h, IReadOnlyList<Experiment> experiments)
    {
        PageLayout.PanelStart(h, "Newest experiments");
        if (experiments.Count == 0) h.Raw("<p class=\"empty\">No experiments.</p>");
        h.Raw("<ul class=\"list\">");
        foreach (var e in experiments.OrderByDescending(e => e.CreationTime).Take(RecentExperiments))
            h.Add($"""<li><a href="/experiments/{e.ExperimentId}">{e.Name}</a></li>""");
        h.Raw("</ul><p class=\"more\"><a href=\"/experiments\">All experiments →</a></p>");
        PageLayout.PanelEnd(h);
    }
}
