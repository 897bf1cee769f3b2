using System.Globalization;
using System.Net;
using System.Text;
using Quarry.Analytics.Metrics;

namespace Quarry.Analytics.Tearsheets;

/// <summary>Lays out the tearsheet page: head, header, metric cards, chart panels and the table sections.</summary>
internal static class TearsheetPage
{
    /// <summary>Metric cards, in order, by metrics-spec key; missing keys are skipped.</summary>
    static readonly string[] CardKeys = ["comp", "cagr", "sharpe", "sortino", "max_drawdown", "volatility", "calmar"];

    /// <summary>Appends the whole document.</summary>
    public static void Write(StringBuilder h, Tearsheet t, TearsheetView view, string json)
    {
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"generator\" content=\"Quarry\">\n")
            .Append("<title>").Append(Enc(t.Title)).Append(" · Quarry tearsheet</title>\n<style>\n")
            .Append(EmbeddedAssets.Stylesheet).Append("</style>\n</head>\n<body>\n<div class=\"page\">\n");
        Header(h, t);
        Cards(h, t);
        h.Append("<div class=\"layout\">\n<main>\n");
        Charts(h, t, view);
        h.Append("</main>\n<aside>\n");
        TearsheetTables.Metrics(h, t, view);
        TearsheetTables.TradeMetrics(h, t);
        h.Append("</aside>\n</div>\n<div class=\"full\">\n");
        TearsheetTables.Drawdowns(h, t);
        TearsheetTables.Trades(h, t);
        h.Append("</div>\n");
        Footer(h, t);
        h.Append("</div>\n<script type=\"application/json\" id=\"quarry-data\">").Append(json).Append("</script>\n<script>\n")
            .Append(EmbeddedAssets.Charts).Append("</script>\n<script>\n")
            .Append(EmbeddedAssets.Page).Append("</script>\n</body>\n</html>\n");
    }

    /// <summary>HTML-encodes text for element content and quoted attributes.</summary>
    public static string Enc(string text) => WebUtility.HtmlEncode(text);

    static void Header(StringBuilder h, Tearsheet t)
    {
        h.Append("<header class=\"ts-header\">\n<div>\n<div class=\"ts-brand\">Quarry tearsheet</div>\n<h1>")
            .Append(Enc(t.Title)).Append("</h1>\n<div class=\"ts-sub\">");
        if (t.Time.Length > 0)
            h.Append("<span>").Append(DisplayFormat.LongDate(t.Time[0])).Append(" – ")
                .Append(DisplayFormat.LongDate(t.Time[^1])).Append("</span>");
        h.Append("<span>").Append(DisplayFormat.Integer(t.Time.Length)).Append(" periods</span>")
            .Append("<span>").Append(DisplayFormat.Number(t.PeriodsPerYear, 0)).Append(" per year</span>");
        if (t.BenchmarkReturns is not null) h.Append("<span>vs ").Append(Enc(t.BenchmarkName)).Append("</span>");
        if (t.Trades.Count > 0) h.Append("<span>").Append(DisplayFormat.Integer(t.Trades.Count)).Append(" trades</span>");
        h.Append("</div>\n");
        if (t.Parameters.Count > 0)
        {
            h.Append("<div class=\"ts-params\">");
            foreach (var (name, value) in t.Parameters)
                h.Append("<span>").Append(Enc(name)).Append(" = <b>").Append(Enc(value)).Append("</b></span>");
            h.Append("</div>\n");
        }
        h.Append("</div>\n");
        if (t.GeneratedAt != default)
            h.Append("<div class=\"ts-generated\">Generated<br>").Append(Generated(t.GeneratedAt)).Append("</div>\n");
        h.Append("</header>\n");
    }

    static string Generated(DateTimeOffset at) =>
        at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) +
        (at.Offset == TimeSpan.Zero ? " UTC" : " UTC" + at.ToString("zzz", CultureInfo.InvariantCulture));

    static void Cards(StringBuilder h, Tearsheet t)
    {
        var cards = new List<MetricValue>();
        foreach (string key in CardKeys)
            if (t.Metrics.FirstOrDefault(m => m.Key == key) is { } m) cards.Add(m);
        if (cards.Count == 0) cards.AddRange(t.Metrics.Take(6));
        if (cards.Count == 0) return;
        h.Append("<section class=\"cards\">\n");
        foreach (var m in cards)
        {
            string sign = m.Key is "comp" or "cagr" ? DisplayFormat.SignClass(m.Strategy) : "";
            h.Append("<div class=\"card\" data-key=\"").Append(Enc(m.Key)).Append("\"><div class=\"k\">").Append(Enc(m.Label))
                .Append("</div><div class=\"v ").Append(sign).Append("\">").Append(DisplayFormat.Metric(m.Strategy, m.Format))
                .Append("</div>");
            if (double.IsFinite(m.Benchmark))
                h.Append("<div class=\"b\">").Append(Enc(t.BenchmarkName)).Append(' ')
                    .Append(DisplayFormat.Metric(m.Benchmark, m.Format)).Append("</div>");
            h.Append("</div>\n");
        }
        h.Append("</section>\n");
    }

    static void Charts(StringBuilder h, Tearsheet t, TearsheetView view)
    {
        if (t.Time.Length == 0)
        {
            h.Append("<section class=\"panel\"><p class=\"empty\">No return periods: nothing to chart.</p></section>\n");
            return;
        }
        Open(h, "Cumulative return", "equity", view.HasBenchmark ? "vs " + t.BenchmarkName : null,
            "<span class=\"hint\">Drag to zoom · Ctrl + wheel · double-click resets</span>" +
            "<button class=\"btn\" type=\"button\" data-reset-zoom>Reset zoom</button>" +
            "<span class=\"seg\" role=\"group\" aria-label=\"Scale\"><button type=\"button\" data-scale=\"linear\" " +
            "aria-pressed=\"true\">Linear</button><button type=\"button\" data-scale=\"log\" aria-pressed=\"false\">Log</button></span>");
        Chart(h, "equity");
        Close(h);
        Open(h, "Drawdown", "drawdown", "underwater, from the running peak", null);
        Chart(h, "drawdown");
        Close(h);
        TearsheetTables.Monthly(h, t);
        bool yearly = t.Yearly.Count > 0;
        h.Append("<div class=\"grid-2\">\n");
        if (yearly)
        {
            Open(h, "Yearly returns", "yearly", null, null);
            Chart(h, "yearly");
            Close(h);
        }
        if (t.Returns.Any(double.IsFinite))
        {
            Open(h, "Distribution of returns", "histogram", "share of periods", null);
            Chart(h, "histogram");
            Close(h);
        }
        h.Append("</div>\n");
        var rolling = new List<(string Key, string Title)>();
        if (view.Aligned(t.RollingSharpe) is not null) rolling.Add(("sharpe", "Rolling Sharpe"));
        if (view.Aligned(t.RollingSortino) is not null) rolling.Add(("sortino", "Rolling Sortino"));
        if (view.Aligned(t.RollingVolatility) is not null) rolling.Add(("volatility", "Rolling volatility"));
        if (view.Aligned(t.RollingBeta) is not null) rolling.Add(("beta", "Rolling beta to " + t.BenchmarkName));
        if (rolling.Count > 0)
        {
            h.Append("<div class=\"grid-2\">\n");
            foreach (var (key, title) in rolling)
            {
                Open(h, title, "rolling-" + key, DisplayFormat.Integer(t.RollingWindow) + " periods, annualised", null);
                Chart(h, "rolling-" + key);
                Close(h);
            }
            h.Append("</div>\n");
        }
        TearsheetTables.Regimes(h, t);
    }

    /// <summary>Opens a panel: a section with a heading, an optional note and optional tool markup (already HTML).</summary>
    public static void Open(StringBuilder h, string title, string id, string? note, string? toolsHtml, string cls = "panel")
    {
        h.Append("<section class=\"").Append(cls).Append("\" id=\"panel-").Append(id).Append("\">\n<header><div><h2>")
            .Append(Enc(title)).Append("</h2>");
        if (note is not null) h.Append("<span class=\"note\">").Append(Enc(note)).Append("</span>");
        h.Append("</div>");
        if (toolsHtml is not null) h.Append("<div class=\"tools\">").Append(toolsHtml).Append("</div>");
        h.Append("</header>\n");
    }

    /// <summary>Closes a panel opened by <see cref="Open"/>.</summary>
    public static void Close(StringBuilder h) => h.Append("</section>\n");

    /// <summary>A chart container the page script fills (data-chart names the chart).</summary>
    public static void Chart(StringBuilder h, string name) =>
        h.Append("<div class=\"chart\" data-chart=\"").Append(name).Append("\"></div>\n");

    static void Footer(StringBuilder h, Tearsheet t)
    {
        h.Append("<footer class=\"ts-footer\">");
        if (t.Notes.Count > 0)
        {
            h.Append("<div>Notes</div><ul>");
            foreach (string note in t.Notes) h.Append("<li>").Append(Enc(note)).Append("</li>");
            h.Append("</ul>");
        }
        h.Append("<p>Returns are simple returns per period; percentages are of the starting value. ")
            .Append("Generated by Quarry");
        if (t.GeneratedAt != default) h.Append(" on ").Append(Generated(t.GeneratedAt));
        h.Append(".</p></footer>\n");
    }
}
