using Quarry.Tracking;

namespace Quarry.Server.Dashboard.Html;

/// <summary>Small pieces of markup the pages share: cards, status badges, run links, metric cells.</summary>
internal static class Components
{
    /// <summary>The metrics a research run is usually judged by, in the order tables show them.</summary>
    public static readonly string[] KeyMetrics =
        ["sharpe", "cagr", "total_return", "max_drawdown", "volatility", "sortino", "calmar", "win_rate", "trades"];

    /// <summary>A summary card: label, big value, an optional line below, optionally a link.</summary>
    public static void Card(HtmlWriter h, string label, string value, string? sub = null, string? href = null, string? id = null)
    {
        string tag = href is null ? "div" : "a";
        h.Add($"""<{new RawHtml(tag)} class="card"{Attr("href", href)}{Attr("data-card", id)}><div class="k">{label}</div><div class="v">{value}</div>""");
        if (sub is not null) h.Add($"""<div class="b">{sub}</div>""");
        h.Add($"</{new RawHtml(tag)}>");
    }

    /// <summary>A coloured status badge.</summary>
    public static void Status(HtmlWriter h, RunStatus status)
    {
        var (text, css) = Display.Status(status);
        h.Add($"""<span class="badge {css}">{text}</span>""");
    }

    /// <summary>A link to a run page, showing its name.</summary>
    public static void RunLink(HtmlWriter h, RunInfo run) =>
        h.Add($"""<a class="run-link" href="/runs/{run.RunId}" title="{run.RunId}">{(run.RunName.Length == 0 ? run.RunId[..8] : run.RunName)}</a>""");

    /// <summary>A right-aligned numeric cell with its raw value in data-v; "—" when the run lacks the metric.</summary>
    public static void MetricCell(HtmlWriter h, RunData data, string key, string css = "")
    {
        var metric = Find(data.LatestMetrics, key);
        if (metric is null) h.Add($"""<td class="num muted{new RawHtml(css)}">—</td>""");
        else h.Add($"""<td class="num{new RawHtml(css)}" data-v="{Raw(metric.Value)}">{Display.Number(metric.Value)}</td>""");
    }

    /// <summary>The latest point of metric <paramref name="key"/>, or null (a scan: the store's key order follows the database collation).</summary>
    public static Metric? Find(IReadOnlyList<Metric> metrics, string key)
    {
        for (int i = 0; i < metrics.Count; i++)
            if (string.Equals(metrics[i].Key, key, StringComparison.Ordinal)) return metrics[i];
        return null;
    }

    /// <summary>The metrics of <see cref="KeyMetrics"/> that at least one of <paramref name="runs"/> has, at most <paramref name="max"/>.</summary>
    public static IReadOnlyList<string> PresentKeyMetrics(IEnumerable<Run> runs, int max) =>
        [.. KeyMetrics.Where(k => runs.Any(r => Find(r.Data.LatestMetrics, k) is not null)).Take(max)];

    /// <summary>A value for a data-v attribute (round-trip, invariant).</summary>
    public static string Raw(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary><c> name="value"</c> (encoded), or nothing when the value is null.</summary>
    public static RawHtml Attr(string name, string? value) =>
        new(value is null ? "" : $" {name}=\"{HtmlWriter.Encode(value)}\"");
}
