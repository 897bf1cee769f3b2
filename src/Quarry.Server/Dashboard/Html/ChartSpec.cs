using System.Text;
using System.Text.Json;

namespace Quarry.Server.Dashboard.Html;

/// <summary>
/// Writes a chart host for dashboard.js: <c>&lt;div data-chart data-kind&gt;</c> holding the chart's spec as a JSON
/// script block that charts.js draws (<c>QuarryCharts.time / bars / scatter</c>). The JSON encoder escapes <c>&lt;</c>,
/// <c>&gt;</c> and <c>&amp;</c>, so no value can close the script element. Non-finite numbers are written as null (a gap).
/// </summary>
internal static class ChartSpec
{
    /// <summary>The palette runs and series take in turn (the tearsheet's blue first).</summary>
    public static readonly string[] Palette = ["#2457a5", "#c4473a", "#2f8f5b", "#b7791f", "#7b4fa8", "#0e8a9a", "#5a616b", "#d06a9c", "#6c8f1f", "#3b7dd8"];

    /// <summary>Writes the host element with the spec produced by <paramref name="spec"/>; extra attributes are trusted markup.</summary>
    public static void Write(HtmlWriter h, string name, string kind, Action<Utf8JsonWriter> spec, string extraAttributes = "")
        => h.Add($"""<div class="chart" data-chart="{name}" data-kind="{kind}"{new RawHtml(extraAttributes)}><script type="application/json">{new RawHtml(Json(spec))}</script></div>""");

    /// <summary>The JSON object <paramref name="spec"/> writes, safe inside a script element.</summary>
    public static string Json(Action<Utf8JsonWriter> spec)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            spec(json);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes <c>"name": [values]</c>, non-finite values as null.</summary>
    public static void Numbers(Utf8JsonWriter json, string name, IEnumerable<double> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values)
            if (double.IsFinite(v)) json.WriteNumberValue(v);
            else json.WriteNullValue();
        json.WriteEndArray();
    }
}
