using System.Globalization;
using Quarry.Analytics.Tables;
using ScottPlot;

namespace Quarry.Analytics.Tearsheets;

/// <summary>
/// Static PNG charts of a <see cref="Tearsheet"/> drawn with ScottPlot, for reports, READMEs and tracking artifacts:
/// equity.png (cumulative return vs the benchmark), drawdown.png (underwater curve) and monthly-heatmap.png
/// (years × months, the same diverging colours as the HTML tearsheet).
/// </summary>
/// <remarks>
/// Images are <see cref="Width"/> × <see cref="Height"/> pixels (the heatmap grows with the number of years). Each file
/// is written through a temporary file and a rename. Stateless and thread-safe; allocates one bitmap per chart.
/// </remarks>
public static class PngCharts
{
    /// <summary>Image width in pixels.</summary>
    public const int Width = 1200;

    /// <summary>Image height in pixels of the equity and drawdown charts.</summary>
    public const int Height = 500;

    static readonly Color Strategy = Color.FromHex("#2457a5"), Benchmark = Color.FromHex("#8b929c"),
        Gross = Color.FromHex("#7fa3d9"), Loss = Color.FromHex("#c4473a"), Ink = Color.FromHex("#1c2024");

    /// <summary>
    /// Writes the charts into <paramref name="directory"/> (created when missing), replacing files of the same name.
    /// The heatmap is skipped when <see cref="Tearsheet.Monthly"/> is empty.
    /// </summary>
    /// <param name="t">The tearsheet; returns must align with the timestamps.</param>
    /// <param name="directory">Output directory.</param>
    /// <returns>Full paths of the files written, in the order equity, drawdown, monthly heatmap.</returns>
    /// <exception cref="ArgumentException">Returns and timestamps differ in length.</exception>
    public static IReadOnlyList<string> Write(Tearsheet t, string directory)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var view = new TearsheetView(t);
        Directory.CreateDirectory(directory);
        double[] x = t.Time.Select(d => d.ToOADate()).ToArray();
        var written = new List<string>(3)
        {
            Save(Equity(t, view, x), Path.Combine(directory, "equity.png"), Height),
            Save(Drawdown(t, view, x), Path.Combine(directory, "drawdown.png"), Height),
        };
        if (t.Monthly.Count > 0)
            written.Add(Save(Heatmap(t.Monthly), Path.Combine(directory, "monthly-heatmap.png"), 110 + 34 * t.Monthly.Count));
        return written;
    }

    static string Save(Plot plot, string path, int height)
    {
        string full = Path.GetFullPath(path);
        AtomicFile.Write(full, tmp => plot.SavePng(tmp, Width, height));
        return full;
    }

    /// <summary>A sans-serif family the system has (SkiaSharp without fontconfig otherwise falls back to a serif).</summary>
    static readonly Lazy<string> SansFamily = new(() =>
    {
        var installed = SkiaSharp.SKFontManager.Default.GetFontFamilies();
        return new[] { "Liberation Sans", "DejaVu Sans", "Arial", "Helvetica", "Noto Sans", "Segoe UI" }
            .FirstOrDefault(f => installed.Contains(f, StringComparer.OrdinalIgnoreCase)) ?? Fonts.Sans;
    });

    static Plot NewPlot(string title)
    {
        var plot = new Plot();
        plot.Font.Set(SansFamily.Value);
        plot.Title(title);
        plot.Axes.Title.Label.FontSize = 18;
        plot.Axes.Title.Label.ForeColor = Ink;
        plot.Grid.MajorLineColor = Color.FromHex("#eceef1");
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        return plot;
    }

    static void Line(Plot plot, double[] x, double[] y, Color color, string label, float width)
    {
        var line = plot.Add.ScatterLine(x, y);
        line.Color = color;
        line.LineWidth = width;
        line.LegendText = label;
    }

    static Plot Equity(Tearsheet t, TearsheetView view, double[] x)
    {
        var plot = NewPlot($"{t.Title}: cumulative return");
        if (view.BenchmarkWealth is { } b) Line(plot, x, Percent(b, -1), Benchmark, t.BenchmarkName, 1.5f);
        if (view.GrossWealth is { } g) Line(plot, x, Percent(g, -1), Gross, "Strategy, before costs", 1.2f);
        Line(plot, x, Percent(view.Wealth, -1), Strategy, "Strategy", 2f);
        Finish(plot, t.Time, "Cumulative return (%)");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    static Plot Drawdown(Tearsheet t, TearsheetView view, double[] x)
    {
        var plot = NewPlot($"{t.Title}: drawdown");
        double[] dd = Percent(view.Drawdown, 0);
        var fill = plot.Add.FillY(x, dd, new double[dd.Length]);
        fill.FillColor = Loss.WithAlpha(0.22);
        fill.LineColor = Colors.Transparent;
        Line(plot, x, dd, Loss, "Strategy", 1.4f);
        if (view.BenchmarkDrawdown is { } b) Line(plot, x, Percent(b, 0), Benchmark, t.BenchmarkName, 1.1f);
        Finish(plot, t.Time, "Drawdown (%)");
        double floor = Math.Min(dd.Length == 0 ? 0 : dd.Min(), view.BenchmarkDrawdown is { Length: > 0 } bd ? bd.Min() * 100 : 0);
        plot.Axes.SetLimitsY(Math.Min(floor * 1.05, -1), 0.5);
        plot.ShowLegend(Alignment.LowerLeft);
        return plot;
    }

    static void Finish(Plot plot, DateTime[] time, string yLabel)
    {
        DateTicks(plot, time);
        plot.YLabel(yLabel);
        plot.Axes.Left.Label.FontSize = 13;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = v => v.ToString("0.##", CultureInfo.InvariantCulture).Replace('-', '−'),
        };
        plot.Axes.Margins(0.01, 0.06);
        plot.Legend.OutlineColor = Color.FromHex("#d5d8dd");
        plot.Legend.ShadowColor = Colors.Transparent;
        plot.Legend.FontSize = 13;
    }

    /// <summary>Bottom ticks on calendar boundaries: every 1, 2, 5, … years, or months for short spans.</summary>
    static void DateTicks(Plot plot, DateTime[] time)
    {
        if (time.Length == 0) return;
        DateTime first = time[0], last = time[^1];
        var ticks = new List<(double X, string Label)>();
        double years = (last - first).TotalDays / 365.25;
        if (years >= 2)
        {
            int step = new[] { 1, 2, 5, 10, 20, 50 }.First(s => years / s <= 12);
            for (int y = (first.Year + step - 1) / step * step; y <= last.Year; y += step)
                if (new DateTime(y, 1, 1) >= first) ticks.Add((new DateTime(y, 1, 1).ToOADate(), y.ToString(CultureInfo.InvariantCulture)));
        }
        else
        {
            int step = new[] { 1, 2, 3, 6 }.First(s => years * 12 / s <= 12);
            for (var m = new DateTime(first.Year, first.Month, 1); m <= last; m = m.AddMonths(step))
                if (m >= first) ticks.Add((m.ToOADate(), m.ToString(m.Month == 1 ? "yyyy" : "MMM yyyy", CultureInfo.InvariantCulture)));
        }
        if (ticks.Count < 2) { plot.Axes.DateTimeTicksBottom(); return; }
        plot.Axes.Bottom.SetTicks([.. ticks.Select(t => t.X)], [.. ticks.Select(t => t.Label)]);
    }

    /// <summary>(values + shift) × 100.</summary>
    static double[] Percent(double[] values, double shift)
    {
        var p = new double[values.Length];
        for (int i = 0; i < p.Length; i++) p[i] = (values[i] + shift) * 100;
        return p;
    }

    static Plot Heatmap(IReadOnlyList<MonthlyReturnsRow> rows)
    {
        var plot = NewPlot("Monthly returns (%)");
        double scale = DisplayFormat.HeatScale(rows.SelectMany(r => r.Months)), totalScale = DisplayFormat.HeatScale(rows.Select(r => r.Total));
        for (int r = 0; r < rows.Count; r++)
        {
            double y = -r;
            for (int m = 0; m < 13; m++)
            {
                double v = m < 12 ? (m < rows[r].Months.Count ? rows[r].Months[m] : double.NaN) : rows[r].Total;
                if (!double.IsFinite(v)) continue;
                double x = m < 12 ? m : 12.6;
                var cell = plot.Add.Rectangle(x - 0.47, x + 0.47, y - 0.45, y + 0.45);
                var (cr, cg, cb) = DisplayFormat.HeatRgb(v, m < 12 ? scale : totalScale);
                cell.FillColor = new Color(cr, cg, cb);
                cell.LineColor = Colors.Transparent;
                var label = plot.Add.Text((v * 100).ToString("0.0", CultureInfo.InvariantCulture).Replace('-', '−'), x, y);
                label.LabelAlignment = Alignment.MiddleCenter;
                label.LabelFontSize = 13;
                label.LabelFontColor = Ink;
                label.LabelBold = m == 12;
            }
        }
        string[] months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Year"];
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, 12).Select(i => (double)i), 12.6], months);
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, rows.Count).Select(i => (double)-i)],
            [.. rows.Select(r => r.Year.ToString(CultureInfo.InvariantCulture))]);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Frame(false);
        plot.HideGrid();
        plot.Axes.SetLimits(-0.6, 13.2, -rows.Count + 0.4, 0.6);
        return plot;
    }
}
