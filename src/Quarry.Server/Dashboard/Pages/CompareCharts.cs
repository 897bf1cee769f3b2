using System.Text.Json;
using Quarry.Server.Dashboard.Html;
using Quarry.Tracking;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>
/// The charts of <see cref="ComparePage"/>: Sharpe bars, return bars (total_return, else cagr) and a risk/return scatter
/// (x: volatility, else the magnitude of max_drawdown; y: cagr, else total_return; or the keys the URL names). A chart
/// whose metric no run has is replaced by a note.
/// </summary>
internal static class CompareCharts
{
    static readonly string[] ReturnKeys = ["total_return", "cagr"], RiskKeys = ["volatility", "max_drawdown"], ScatterReturnKeys = ["cagr", "total_return"];

    public static void Write(HtmlWriter h, List<Run> runs, List<Dictionary<string, double>> metrics, string? x, string? y)
    {
        var names = runs.Select(ComparePage.Name).ToList();
        string? returnKey = First(metrics, ReturnKeys);
        h.Raw("<div class=\"grid-2 compare-charts\"><div class=\"stack\">");
        Bars(h, "sharpe", "Sharpe", "num", names, metrics, "compare-sharpe");
        if (returnKey is not null) Bars(h, returnKey, returnKey == "cagr" ? "CAGR" : "Total return", "pct", names, metrics, "compare-return");
        else Missing(h, "Return", "total_return or cagr");
        h.Raw("</div>");
        string? xKey = x ?? First(metrics, RiskKeys), yKey = y ?? First(metrics, ScatterReturnKeys);
        if (xKey is null || yKey is null) Missing(h, "Risk and return", "volatility or max_drawdown, and cagr or total_return");
        else Scatter(h, xKey, yKey, names, metrics);
        h.Raw("</div>");
    }

    static string? First(List<Dictionary<string, double>> metrics, string[] keys) => keys.FirstOrDefault(k => metrics.Any(m => m.ContainsKey(k)));

    static double Value(Dictionary<string, double> m, string key) => m.TryGetValue(key, out var v) ? v : double.NaN;

    static void Bars(HtmlWriter h, string key, string title, string format, List<string> names, List<Dictionary<string, double>> metrics, string chart)
    {
        PageLayout.PanelStart(h, title, key);
        if (!metrics.Any(m => m.ContainsKey(key))) h.Add($"""<p class="empty">No run has {key}.</p>""");
        else
            ChartSpec.Write(h, chart, "bars", json =>
            {
                WriteStrings(json, "categories", names);
                json.WriteStartArray("series");
                json.WriteStartObject();
                json.WriteString("name", title);
                json.WriteString("color", "#2457a5");
                json.WriteStartArray("signColors");
                json.WriteStringValue("#2457a5");
                json.WriteStringValue("#c4473a");
                json.WriteEndArray();
                ChartSpec.Numbers(json, "values", metrics.Select(m => Value(m, key)));
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteString("yFormat", format);
                json.WriteNumber("height", 200);
            });
        PageLayout.PanelEnd(h);
    }

    static void Scatter(HtmlWriter h, string xKey, string yKey, List<string> names, List<Dictionary<string, double>> metrics)
    {
        // Drawdowns are logged ≤ 0; risk reads better as a magnitude, to the right.
        bool magnitude = xKey.Contains("drawdown", StringComparison.OrdinalIgnoreCase);
        string xName = magnitude ? $"|{xKey}|" : xKey;
        PageLayout.PanelStart(h, "Risk and return", $"{yKey} against {xName}");
        ChartSpec.Write(h, "compare-scatter", "scatter", json =>
        {
            json.WriteStartArray("series");
            for (int i = 0; i < names.Count; i++)
            {
                json.WriteStartObject();
                json.WriteString("name", names[i]);
                json.WriteString("color", ChartSpec.Palette[i % ChartSpec.Palette.Length]);
                json.WriteStartArray("points");
                double xv = Value(metrics[i], xKey), yv = Value(metrics[i], yKey);
                if (double.IsFinite(xv) && double.IsFinite(yv))
                {
                    json.WriteStartObject();
                    json.WriteNumber("x", magnitude ? Math.Abs(xv) : xv);
                    json.WriteNumber("y", yv);
                    json.WriteString("label", names[i]);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteString("xName", xName);
            json.WriteString("yName", yKey);
            json.WriteString("xFormat", Fraction(xKey) ? "pct" : "num");
            json.WriteString("yFormat", Fraction(yKey) ? "pct" : "num");
            json.WriteNumber("height", 430);
        });
        PageLayout.PanelEnd(h);
    }

    /// <summary>Quarry logs these as fractions; the charts show them as percentages.</summary>
    static bool Fraction(string key) => key is "cagr" or "total_return" or "volatility" or "max_drawdown" or "win_rate";

    static void Missing(HtmlWriter h, string title, string needs)
    {
        PageLayout.PanelStart(h, title);
        h.Add($"""<p class="empty">Needs {needs}; none of these runs has it.</p>""");
        PageLayout.PanelEnd(h);
    }

    static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values) json.WriteStringValue(v);
        json.WriteEndArray();
    }
}
