using Quarry.Server.Dashboard.Data;
using Quarry.Server.Dashboard.Html;
using Quarry.Tracking;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>
/// The runs table of <see cref="ExperimentRunsPage"/>: a selection checkbox per run (a GET form to <c>/compare</c>),
/// fixed columns (name, status, start, duration), the chosen metric/param/tag columns, and headers that link to the
/// same view ordered by that column (metrics best-first on the first click, reversed on the next).
/// </summary>
internal static class RunsTable
{
    /// <summary>A sortable column: its header text, CSS class, search entity and key.</summary>
    readonly record struct Column(string Header, string Css, string Entity, string Key, bool DescendingFirst);

    public static void Write(HtmlWriter h, RunsView view, RunColumns columns, IReadOnlyList<Run> runs, long now)
    {
        var selected = view.Selected.ToHashSet(StringComparer.Ordinal);
        h.Raw("<form class=\"select-runs\" id=\"select-runs\" method=\"get\" action=\"/compare\">");
        foreach (var id in view.Selected.Where(id => runs.All(r => r.Info.RunId != id)))
            h.Add($"""<input type="hidden" name="runs" value="{id}">""");
        h.Raw("<div class=\"tbl-scroll\"><table class=\"runs\" id=\"runs\"><thead>");
        GroupRow(h, columns);
        h.Raw("<tr><th class=\"sel\"><input type=\"checkbox\" data-select-all aria-label=\"Select every run on this page\"></th>");
        Header(h, view, new Column("Run", "t", "attributes", "run_name", false));
        Header(h, view, new Column("Status", "t", "attributes", "status", false));
        Header(h, view, new Column("Started", "t", "attributes", "start_time", true));
        h.Raw("<th class=\"num\">Duration</th>");
        foreach (var k in columns.Metrics)
            Header(h, view, new Column(k, "num col-metric", "metrics", k, MetricDirection.BestFirstDescending(k, Sample(runs, k))));
        foreach (var k in columns.Params) Header(h, view, new Column(k, "t col-param", "params", k, false));
        foreach (var k in columns.Tags) Header(h, view, new Column(k, "t col-tag", "tags", k, false));
        h.Raw("</tr></thead><tbody>");
        foreach (var run in runs) Row(h, run, columns, selected.Contains(run.Info.RunId), now);
        h.Raw("</tbody></table></div></form>");
        if (runs.Count == 0) h.Raw("<p class=\"empty\">No runs to show.</p>");
    }

    static double? Sample(IReadOnlyList<Run> runs, string key) =>
        runs.Select(r => Components.Find(r.Data.LatestMetrics, key)?.Value).FirstOrDefault(v => v is not null);

    static void GroupRow(HtmlWriter h, RunColumns columns)
    {
        if (columns.Metrics.Count + columns.Params.Count + columns.Tags.Count == 0) return;
        h.Raw("<tr><th colspan=\"5\"></th>");
        foreach (var (label, n) in new[] { ("Metrics", columns.Metrics.Count), ("Params", columns.Params.Count), ("Tags", columns.Tags.Count) })
            if (n > 0) h.Add($"""<th class="group" colspan="{n}">{label}</th>""");
        h.Raw("</tr>");
    }

    /// <summary>A header linking to the view ordered by the column; the current order is marked with aria-sort.</summary>
    static void Header(HtmlWriter h, RunsView view, Column c)
    {
        string asc = SearchSyntax.Order(c.Entity, c.Key, false), desc = SearchSyntax.Order(c.Entity, c.Key, true);
        string current = view.OrderBy ?? "attributes.start_time DESC";
        string? sort = current == asc ? "ascending" : current == desc ? "descending" : null;
        string next = sort switch { "descending" => asc, "ascending" => desc, _ => c.DescendingFirst ? desc : asc };
        string href = (view with { OrderBy = next }).FirstPage.Href();
        h.Add($"""<th class="{c.Css}"{Components.Attr("aria-sort", sort)} data-column="{c.Entity}.{c.Key}"><a href="{href}" data-keep-sel title="order by {c.Key}">{c.Header}</a></th>""");
    }

    static void Row(HtmlWriter h, Run run, RunColumns columns, bool selected, long now)
    {
        var i = run.Info;
        h.Add($"""<tr data-run="{i.RunId}"{new RawHtml(selected ? " class=\"selected\"" : "")}><td class="sel"><input type="checkbox" name="runs" value="{i.RunId}" aria-label="Select {i.RunName}"{new RawHtml(selected ? " checked" : "")}></td><td class="t">""");
        Components.RunLink(h, i);
        h.Raw("</td><td class=\"t\">");
        Components.Status(h, i.Status);
        h.Add($"""</td><td class="t" title="{Display.ExactTime(i.StartTime)}">{Display.Time(i.StartTime)}</td><td class="num">{Display.Duration(i.StartTime, i.EndTime)}</td>""");
        foreach (var k in columns.Metrics) Components.MetricCell(h, run.Data, k);
        foreach (var k in columns.Params) TextCell(h, RunColumns.Param(run, k));
        foreach (var k in columns.Tags) TextCell(h, RunColumns.Tag(run, k));
        h.Raw("</tr>\n");
    }

    static void TextCell(HtmlWriter h, string? value)
    {
        if (value is null) h.Raw("<td class=\"t muted\">—</td>");
        else h.Add($"""<td class="t" title="{value}">{(value.Length > 40 ? value[..40] + "…" : value)}</td>""");
    }

    /// <summary>Previous / first / next links and the page size choice.</summary>
    public static void Pager(HtmlWriter h, RunsView view, RunsPage page)
    {
        h.Raw("<nav class=\"pager\" aria-label=\"Pages\"><span class=\"muted\">Rows per page</span>");
        foreach (int size in RunsView.Sizes)
            if (size == view.Size) h.Add($"<b>{size}</b>");
            else h.Add($"""<a href="{(view with { Size = size }).FirstPage.Href()}" data-keep-sel>{size}</a>""");
        if (view.Page is not null || page.NextPageToken is not null) h.Raw("<span class=\"faint\">|</span>");
        if (view.Page is not null)
        {
            h.Add($"""<a class="btn" href="{view.FirstPage.Href()}" data-keep-sel rel="first">First</a>""");
            h.Add($"""<a class="btn" href="{view.Previous.Href()}" data-keep-sel rel="prev" id="page-prev">← Previous</a>""");
        }
        if (page.NextPageToken is { } next) h.Add($"""<a class="btn" href="{view.Next(next).Href()}" data-keep-sel rel="next" id="page-next">Next →</a>""");
        h.Raw("</nav>");
    }
}
