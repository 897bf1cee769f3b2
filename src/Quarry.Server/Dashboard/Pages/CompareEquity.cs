using System.Globalization;
using Quarry.Server.Dashboard.Data;
using Quarry.Server.Dashboard.Html;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>
/// The compare pages' equity overlay: each curve (<see cref="EquityCurve"/>) rebased to 1 at its first point, drawn on
/// one time axis (the union of the curves' times, thinned to at most <see cref="MaxPoints"/>; a curve is interpolated
/// linearly between its own points and left blank outside its span), in the runs' palette colours. Runs without a curve
/// are listed under the chart.
/// </summary>
internal static class CompareEquity
{
    public const int MaxPoints = 2000;

    public static void Write(HtmlWriter h, IReadOnlyList<string> names, IReadOnlyList<EquityCurve?> curves)
    {
        int drawn = curves.Count(c => c is not null);
        PageLayout.PanelStart(h, "Equity", drawn == 0 ? null : "growth of 1 from each run's first point; drag to zoom, double-click to reset", "compare-equity");
        if (drawn == 0) h.Raw("<p class=\"empty\">None of these runs has an equity.csv artifact or an equity metric history.</p>");
        else
        {
            var x = Axis(curves);
            ChartSpec.Write(h, "compare-equity", "time", json =>
            {
                json.WriteStartArray("x");
                foreach (var t in x) json.WriteNumberValue(t);
                json.WriteEndArray();
                json.WriteStartArray("series");
                for (int i = 0; i < curves.Count; i++)
                {
                    if (curves[i] is not { } curve) continue;
                    json.WriteStartObject();
                    json.WriteString("name", names[i]);
                    json.WriteString("color", ChartSpec.Palette[i % ChartSpec.Palette.Length]);
                    json.WriteString("source", curve.Source);
                    ChartSpec.Numbers(json, "y", Resample(curve, x));
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteString("yFormat", "num");
                json.WriteString("yName", "growth of 1");
                json.WriteNumber("height", 320);
            }, $" data-curves=\"{drawn.ToString(CultureInfo.InvariantCulture)}\"");
        }
        var missing = names.Where((_, i) => curves[i] is null).ToList();
        if (missing.Count > 0 && drawn > 0)
            h.Add($"""<p class="hint" id="equity-missing">No equity curve (no equity.csv artifact, no equity metric history): {string.Join(", ", missing)}</p>""");
        PageLayout.PanelEnd(h);
    }

    static long[] Axis(IReadOnlyList<EquityCurve?> curves)
    {
        var all = curves.OfType<EquityCurve>().SelectMany(c => c.Times).Distinct().Order().ToArray();
        if (all.Length <= MaxPoints) return all;
        var thinned = new long[MaxPoints];
        for (int i = 0; i < MaxPoints; i++) thinned[i] = all[(int)((long)i * (all.Length - 1) / (MaxPoints - 1))];
        return thinned;
    }

    /// <summary>The curve at each of <paramref name="x"/>, rebased to its first finite value; NaN outside its span.</summary>
    static double[] Resample(EquityCurve curve, long[] x)
    {
        var t = curve.Times;
        var v = curve.Values;
        double base1 = v.FirstOrDefault(double.IsFinite);
        double scale = base1 != 0 && double.IsFinite(base1) ? 1 / base1 : 1;
        var y = new double[x.Length];
        int j = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] < t[0] || x[i] > t[^1]) { y[i] = double.NaN; continue; }
            while (j + 1 < t.Length && t[j + 1] <= x[i]) j++;
            if (t[j] == x[i] || j + 1 >= t.Length) { y[i] = v[j] * scale; continue; }
            double f = (double)(x[i] - t[j]) / (t[j + 1] - t[j]);
            y[i] = (v[j] + f * (v[j + 1] - v[j])) * scale;
        }
        return y;
    }
}
