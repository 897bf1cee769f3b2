using System.Globalization;
using Quarry.Server.Dashboard.Data;
using Quarry.Server.Dashboard.Html;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>
/// The metric history charts of a run page: for each chosen key, the history streamed from the database through a
/// <see cref="MetricDownsampler"/> (at most <see cref="PointBudget"/> points, lows and highs kept), drawn against the step
/// (or against time when every point has the same step).
/// </summary>
internal static class MetricCharts
{
    /// <summary>The most points a chart gets.</summary>
    public const int PointBudget = 1000;

    /// <summary>Charts shown when the URL does not choose (<c>?charts=</c>).</summary>
    public const int DefaultCharts = 12;

    /// <summary>The keys to chart: those asked for, else the first <see cref="DefaultCharts"/> with more than one point, research metrics first.</summary>
    public static IReadOnlyList<MetricHistoryInfo> Choose(IReadOnlyList<MetricHistoryInfo> keys, IReadOnlyList<string>? asked)
    {
        if (asked is not null) return [.. asked.Select(k => keys.FirstOrDefault(i => i.Key == k)).OfType<MetricHistoryInfo>()];
        return [.. keys.Where(k => k.Points > 1)
            .OrderBy(k => Array.IndexOf(Components.KeyMetrics, k.Key) is var i && i >= 0 ? i : int.MaxValue)
            .ThenBy(k => k.Key, StringComparer.Ordinal).Take(DefaultCharts)];
    }

    public static async Task WriteAsync(HtmlWriter h, DashboardServices s, string runId, IReadOnlyList<MetricHistoryInfo> charts, CancellationToken ct)
    {
        h.Raw("<div class=\"charts\">");
        for (int i = 0; i < charts.Count; i++)
        {
            var info = charts[i];
            var sampler = new MetricDownsampler(info.Points, PointBudget);
            await s.Queries.StreamHistoryAsync(runId, info.Key, sampler, ct).ConfigureAwait(false);
            var series = sampler.Finish();
            bool byTime = info.MinStep == info.MaxStep && series.Steps.Length > 1;
            h.Add($"""<div class="chart-box"><h3>{info.Key}</h3><div class="hint">""");
            h.Text($"{Display.Count(series.SourcePoints)} points" + (series.Downsampled
                ? $", {Display.Count(series.Steps.Length)} drawn (lowest and highest of each bucket kept)" : "") + (byTime ? ", by time" : ", by step"));
            h.Raw("</div>");
            string color = ChartSpec.Palette[i % ChartSpec.Palette.Length];
            ChartSpec.Write(h, "metric:" + info.Key, "time", json =>
            {
                json.WriteStartArray("x");
                foreach (var x in byTime ? series.Timestamps : series.Steps) json.WriteNumberValue(x);
                json.WriteEndArray();
                json.WriteStartArray("series");
                json.WriteStartObject();
                json.WriteString("name", info.Key);
                json.WriteString("color", color);
                ChartSpec.Numbers(json, "y", series.Values);
                json.WriteEndObject();
                json.WriteEndArray();
                if (!byTime)
                {
                    json.WriteString("xKind", "number");
                    json.WriteString("xName", "step");
                }
                else json.WriteBoolean("intraday", true);
                json.WriteString("yFormat", "num");
                json.WriteNumber("height", 200);
            }, $" data-source-points=\"{series.SourcePoints.ToString(CultureInfo.InvariantCulture)}\" data-drawn-points=\"{series.Steps.Length.ToString(CultureInfo.InvariantCulture)}\"");
            h.Raw("</div>");
        }
        h.Raw("</div>");
    }
}
