using Quarry.Server.Dashboard.Data;
using Quarry.Server.Dashboard.Html;

namespace Quarry.Server.Dashboard.Studies;

/// <summary>
/// <c>/studies</c>: every optimization study in the server's study storage with its direction, trials by state, best
/// value and trial, last activity and a badge while trials run, most recently active first; each links to its page.
/// </summary>
internal static class StudiesPage
{
    public static HtmlWriter Render(DashboardServices s)
    {
        var studies = s.Studies.Summaries();
        long now = s.Now;
        var h = new HtmlWriter();
        PageLayout.Begin(h, s, Section.Studies, "Optimization studies", [new Crumb("Overview", "/"), new Crumb("Studies", null)]);
        int running = studies.Count(x => x.IsRunning);
        PageLayout.PanelStart(h, $"Studies ({Display.Count(studies.Count)})", running == 0 ? "none running" : $"{running} running");
        if (studies.Count == 0)
            h.Raw("<p class=\"empty\">No studies yet. Start one with <code>quarry optimize --study NAME --storage sqlite:.quarry/tracking.db …</code> " +
                  "(or serve another storage with <code>quarry serve --studies LOCATION</code>).</p>");
        else Table(h, studies, now);
        PageLayout.PanelEnd(h);
        PageLayout.End(h);
        return h;
    }

    static void Table(HtmlWriter h, IReadOnlyList<StudySummary> studies, long now)
    {
        h.Raw("<div class=\"tbl-scroll\"><table id=\"studies\"><thead><tr><th>Study</th><th>Direction</th><th class=\"num\">Trials</th>" +
              "<th class=\"num\">Complete</th><th class=\"num\">Pruned</th><th class=\"num\">Failed</th><th class=\"num\">Running</th>" +
              "<th class=\"num\">Best value</th><th class=\"num\">Best trial</th><th>Last activity</th><th></th></tr></thead><tbody>");
        foreach (var x in studies)
        {
            string href = StudyDisplay.Href(x.Info.Name);
            h.Add($"""<tr data-study="{x.Info.Name}"><td><a class="run-link" href="{href}">{x.Info.Name}</a></td><td>{StudyDisplay.Direction(x.Info.Direction)}</td>""");
            h.Add($"""<td class="num">{Display.Count(x.Total)}</td><td class="num">{Display.Count(x.Complete)}</td><td class="num">{Display.Count(x.Pruned)}</td>""");
            h.Add($"""<td class="num">{Display.Count(x.Failed)}</td><td class="num">{Display.Count(x.Running)}</td>""");
            if (x.Best is { Value: { } best } b)
                h.Add($"""<td class="num" data-v="{Components.Raw(best)}">{Display.Number(best)}</td><td class="num"><a href="{TrialsTable.TrialHref(x.Info.Name, b.Number)}">#{b.Number}</a></td>""");
            else h.Raw("<td class=\"num muted\">—</td><td class=\"num muted\">—</td>");
            if (x.LastActivity is { } last)
            {
                long ms = StudyDisplay.Ms(last);
                h.Add($"""<td title="{Display.ExactTime(ms)}">{Display.Ago(ms, now)}</td>""");
            }
            else h.Raw("<td class=\"muted\">—</td>");
            h.Raw("<td>");
            if (x.IsRunning) StudyDisplay.RunningBadge(h, x.Running);
            h.Raw("</td></tr>");
        }
        h.Raw("</tbody></table></div>");
    }
}
