namespace Quarry.Server.Dashboard.Html;

/// <summary>The top-level sections of the dashboard's navigation.</summary>
internal enum Section
{
    /// <summary>The overview at <c>/</c>.</summary>
    Overview,
    /// <summary>Experiments and their runs.</summary>
    Experiments,
    /// <summary>Run comparison.</summary>
    Compare,
    /// <summary>The backtest launcher and its jobs.</summary>
    Backtests,
}

/// <summary>One step of a page's breadcrumb trail; the last one has no link.</summary>
/// <param name="Text">What it says.</param>
/// <param name="Href">Where it goes, or null for the current page.</param>
internal readonly record struct Crumb(string Text, string? Href);

/// <summary>
/// The frame every dashboard page shares: document head (one stylesheet, the chart module and the page script, all
/// served by Quarry), the top bar with the navigation, a heading with breadcrumbs, and the footer.
/// </summary>
internal static class PageLayout
{
    static readonly (Section Section, string Text, string Href)[] Nav =
        [(Section.Overview, "Overview", "/"), (Section.Experiments, "Experiments", "/experiments"), (Section.Compare, "Compare", "/compare"),
         (Section.Backtests, "Backtests", "/backtests/new")];

    /// <summary>Writes everything up to the page's content: head, top bar, breadcrumbs and the heading.</summary>
    public static void Begin(HtmlWriter h, DashboardServices services, Section section, string title, IReadOnlyList<Crumb> crumbs)
    {
        var assets = services.Assets;
        h.Add($"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · Quarry</title><link rel="icon" href="data:,">
            <link rel="stylesheet" href="{assets.Url("dashboard.css")}">
            <script src="{assets.Url("charts.js")}" defer></script><script src="{assets.Url("dashboard.js")}" defer></script>
            </head><body>
            <header class="topbar"><div class="topbar-in"><a class="brand" href="/">Quarry</a><nav>
            """);
        foreach (var (s, text, href) in Nav)
            h.Add($"""<a href="{href}"{new RawHtml(s == section ? " aria-current=\"page\"" : "")}>{text}</a>""");
        h.Add($"""</nav><span class="topbar-meta">{services.StoreKind} · v{services.Version}</span></div></header>""");
        h.Raw("\n<main class=\"page\">\n<div class=\"page-head\">");
        if (crumbs.Count > 0)
        {
            h.Raw("<div class=\"crumbs\">");
            foreach (var c in crumbs)
                if (c.Href is null) h.Add($"<span>{c.Text}</span>");
                else h.Add($"""<a href="{c.Href}">{c.Text}</a>""");
            h.Raw("</div>");
        }
        h.Add($"<h1>{title}</h1></div>\n");
    }

    /// <summary>Closes the page.</summary>
    public static void End(HtmlWriter h) =>
        h.Raw("\n</main>\n<footer class=\"foot\">Quarry research dashboard · served by <code>quarry serve</code> · " +
              "links hold the filters and the selection, so every view can be bookmarked or shared</footer>\n</body></html>\n");

    /// <summary>A panel's opening: <c>&lt;section class="panel"&gt;</c> with a header holding the title and an optional note.</summary>
    public static void PanelStart(HtmlWriter h, string title, string? note = null, string? id = null)
    {
        h.Add($"""<section class="panel"{new RawHtml(id is null ? "" : $" id=\"{HtmlWriter.Encode(id)}\"")}><header><h2>{title}</h2>""");
        if (note is not null) h.Add($"""<span class="note">{note}</span>""");
        h.Raw("</header>\n");
    }

    /// <summary>Closes a panel.</summary>
    public static void PanelEnd(HtmlWriter h) => h.Raw("</section>\n");
}
