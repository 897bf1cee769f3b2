using System.Globalization;
using System.Text;
using Quarry.Analytics.Metrics;
using Quarry.Backtesting.Results;
using static Quarry.Analytics.Tearsheets.TearsheetPage;

namespace Quarry.Analytics.Tearsheets;

/// <summary>The tearsheet's HTML tables: metrics, trade metrics, monthly heatmap, regimes, drawdown episodes, trades.</summary>
internal static class TearsheetTables
{
    /// <summary>Trades shown from each end of the list when there are more than twice this many.</summary>
    public const int TradesShownPerEnd = 50;

    /// <summary>Drawdown episodes listed.</summary>
    public const int EpisodesShown = 10;

    static readonly string[] MonthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>The full metrics table, with the benchmark column and the before-costs column when present.</summary>
    public static void Metrics(StringBuilder h, Tearsheet t, TearsheetView view)
    {
        if (t.Metrics.Count == 0) return;
        bool bench = view.HasBenchmark || t.Metrics.Any(m => double.IsFinite(m.Benchmark));
        bool gross = t.GrossReturns is not null || t.Metrics.Any(m => double.IsFinite(m.Gross));
        Open(h, "Metrics", "metrics", null, null, "panel breakable");
        h.Append("<table class=\"metrics\"><thead><tr><th>Metric</th><th>Strategy</th>");
        if (bench) h.Append("<th>").Append(Enc(t.BenchmarkName)).Append("</th>");
        if (gross) h.Append("<th title=\"Strategy before trading costs\">Before costs</th>");
        h.Append("</tr></thead><tbody>\n");
        foreach (var m in t.Metrics)
        {
            h.Append("<tr data-key=\"").Append(Enc(m.Key)).Append("\"><td class=\"label\">").Append(Enc(m.Label)).Append("</td><td>")
                .Append(DisplayFormat.Metric(m.Strategy, m.Format)).Append("</td>");
            if (bench) h.Append("<td>").Append(DisplayFormat.Metric(m.Benchmark, m.Format)).Append("</td>");
            if (gross) h.Append("<td>").Append(DisplayFormat.Metric(m.Gross, m.Format)).Append("</td>");
            h.Append("</tr>\n");
        }
        h.Append("</tbody></table>\n");
        Close(h);
    }

    /// <summary>Trade statistics and cost analysis, when there are any.</summary>
    public static void TradeMetrics(StringBuilder h, Tearsheet t)
    {
        if (t.TradeMetrics.Count == 0) return;
        Open(h, "Trades and costs", "trade-metrics", null, null, "panel breakable");
        h.Append("<table class=\"metrics\"><tbody>\n");
        foreach (var m in t.TradeMetrics)
            h.Append("<tr data-key=\"").Append(Enc(m.Key)).Append("\"><td class=\"label\">").Append(Enc(m.Label)).Append("</td><td>")
                .Append(DisplayFormat.Metric(m.Strategy, m.Format)).Append("</td></tr>\n");
        h.Append("</tbody></table>\n");
        Close(h);
    }

    /// <summary>Years × months heatmap with the year's total; colours saturate at the 95th percentile of |monthly return|.</summary>
    public static void Monthly(StringBuilder h, Tearsheet t)
    {
        if (t.Monthly.Count == 0) return;
        double scale = DisplayFormat.HeatScale(t.Monthly.SelectMany(r => r.Months)), totalScale = DisplayFormat.HeatScale(t.Monthly.Select(r => r.Total));
        Open(h, "Monthly returns", "monthly", "compounded per calendar month", null);
        h.Append("<div class=\"tbl-scroll\"><table class=\"heat\"><thead><tr><th>Year</th>");
        foreach (string m in MonthNames) h.Append("<th>").Append(m).Append("</th>");
        h.Append("<th>Year</th></tr></thead><tbody>\n");
        foreach (var row in t.Monthly)
        {
            h.Append("<tr><td class=\"year\">").Append(row.Year.ToString(CultureInfo.InvariantCulture)).Append("</td>");
            for (int i = 0; i < 12; i++) HeatCell(h, i < row.Months.Count ? row.Months[i] : double.NaN, scale, "");
            HeatCell(h, row.Total, totalScale, "total");
            h.Append("</tr>\n");
        }
        h.Append("</tbody></table></div>\n");
        Close(h);
    }

    static void HeatCell(StringBuilder h, double v, double scale, string cls)
    {
        h.Append("<td class=\"").Append(cls).Append("\" style=\"background:").Append(DisplayFormat.HeatColor(v, scale))
            .Append("\" title=\"").Append(DisplayFormat.Percent(v)).Append("\">")
            .Append(double.IsFinite(v) ? DisplayFormat.Percent(v, 1) : "").Append("</td>");
    }

    /// <summary>Per-regime results, with a bar chart of the annual return.</summary>
    public static void Regimes(StringBuilder h, Tearsheet t)
    {
        if (t.Regimes is not { Rows.Count: > 0 } r) return;
        Open(h, "Market regimes", "regimes", $"trend: {r.TrendSource}; volatility: {r.VolatilitySource}", null);
        h.Append("<div class=\"tbl-scroll\"><table><thead><tr><th>Regime</th><th>Days</th><th>Share</th><th>Total return</th>")
            .Append("<th>Annual return</th><th>Volatility</th><th>Sharpe</th><th>Max drawdown</th><th>Hit rate</th></tr></thead><tbody>\n");
        foreach (var s in r.Rows)
            h.Append("<tr><td>").Append(Enc(s.Regime)).Append("</td><td>").Append(DisplayFormat.Integer(s.Days))
                .Append("</td><td>").Append(DisplayFormat.Percent(s.ShareOfDays, 1))
                .Append("</td><td>").Append(DisplayFormat.Percent(s.TotalReturn))
                .Append("</td><td class=\"").Append(DisplayFormat.SignClass(s.AnnualReturn)).Append("\">").Append(DisplayFormat.Percent(s.AnnualReturn))
                .Append("</td><td>").Append(DisplayFormat.Percent(s.Volatility))
                .Append("</td><td>").Append(DisplayFormat.Number(s.Sharpe))
                .Append("</td><td>").Append(DisplayFormat.Percent(s.MaxDrawdown))
                .Append("</td><td>").Append(DisplayFormat.Percent(s.HitRate, 1)).Append("</td></tr>\n");
        h.Append("</tbody></table></div>\n");
        Chart(h, "regimes");
        Close(h);
    }

    /// <summary>The deepest drawdown episodes (the model lists them deepest first).</summary>
    public static void Drawdowns(StringBuilder h, Tearsheet t)
    {
        if (t.Drawdowns.Count == 0) return;
        int shown = Math.Min(EpisodesShown, t.Drawdowns.Count);
        Open(h, "Worst drawdowns", "drawdowns", $"top {shown} of {t.Drawdowns.Count} episodes", null);
        h.Append("<div class=\"tbl-scroll\"><table><thead><tr><th>#</th><th>Started</th><th>Valley</th><th>Recovered</th>")
            .Append("<th>Depth</th><th>99% depth</th><th>Days</th><th>Periods</th><th>Recovery days</th></tr></thead><tbody>\n");
        for (int i = 0; i < shown; i++)
        {
            var d = t.Drawdowns[i];
            h.Append("<tr><td>").Append(i + 1).Append("</td><td>").Append(DisplayFormat.Date(d.Start))
                .Append("</td><td>").Append(DisplayFormat.Date(d.Valley))
                .Append("</td><td>").Append(d.End is { } end ? DisplayFormat.Date(end) : "not recovered")
                .Append("</td><td class=\"neg\">").Append(DisplayFormat.Percent(d.Depth))
                .Append("</td><td>").Append(DisplayFormat.Percent(d.Depth99))
                .Append("</td><td>").Append(DisplayFormat.Integer(d.Days))
                .Append("</td><td>").Append(DisplayFormat.Integer(d.Periods))
                .Append("</td><td>").Append(d.RecoveryDays is { } rec ? DisplayFormat.Integer(rec) : DisplayFormat.Missing)
                .Append("</td></tr>\n");
        }
        h.Append("</tbody></table></div>\n");
        Close(h);
    }

    /// <summary>The trades: all of them up to 2 × <see cref="TradesShownPerEnd"/>, else the first and last; sortable.</summary>
    public static void Trades(StringBuilder h, Tearsheet t)
    {
        int n = t.Trades.Count;
        if (n == 0) return;
        bool cut = n > 2 * TradesShownPerEnd;
        string note = cut ? $"first {TradesShownPerEnd} and last {TradesShownPerEnd} of {n:N0} trades · click a header to sort"
            : $"{n:N0} trades · click a header to sort";
        Open(h, "Trades", "trades", note, null, "panel breakable");
        h.Append("<div class=\"tbl-scroll\"><table class=\"sortable trades\"><thead><tr><th>#</th><th class=\"t\">Symbol</th><th class=\"t\">Side</th>")
            .Append("<th>Entry</th><th>Exit</th><th>Entry price</th><th>Exit price</th><th>Size</th><th>Net P&amp;L</th>")
            .Append("<th>Return</th><th>Bars</th><th>MAE</th><th>MFE</th></tr></thead><tbody>\n");
        for (int i = 0; i < n; i++)
        {
            if (cut && i == TradesShownPerEnd) i = n - TradesShownPerEnd;
            TradeRow(h, i + 1, t.Trades[i]);
        }
        h.Append("</tbody></table></div>\n");
        Close(h);
    }

    static void TradeRow(StringBuilder h, int number, Trade x)
    {
        h.Append("<tr><td data-v=\"").Append(number).Append("\">").Append(number)
            .Append("</td><td class=\"t\">").Append(Enc(x.Symbol))
            .Append("</td><td class=\"t\">").Append(x.Direction == TradeDirection.Long ? "long" : "short");
        Cell(h, x.EntryTime.Ticks, DisplayFormat.Date(x.EntryTime));
        Cell(h, x.ExitTime?.Ticks ?? double.NaN, x.ExitTime is { } exit ? DisplayFormat.Date(exit) : "open");
        Cell(h, x.EntryPrice, DisplayFormat.Number(x.EntryPrice));
        Cell(h, x.ExitPrice ?? double.NaN, x.ExitPrice is { } px ? DisplayFormat.Number(px) : DisplayFormat.Missing);
        Cell(h, x.Size, DisplayFormat.Number(x.Size, Math.Abs(x.Size - Math.Round(x.Size)) < 1e-9 ? 0 : 4));
        Cell(h, x.NetPnl, DisplayFormat.Number(x.NetPnl), DisplayFormat.SignClass(x.NetPnl));
        Cell(h, x.ReturnPct, DisplayFormat.Percent(x.ReturnPct), DisplayFormat.SignClass(x.ReturnPct));
        Cell(h, x.BarsHeld, DisplayFormat.Integer(x.BarsHeld));
        Cell(h, x.Mae, DisplayFormat.Percent(x.Mae));
        Cell(h, x.Mfe, DisplayFormat.Percent(x.Mfe));
        h.Append("</td></tr>\n");
    }

    static void Cell(StringBuilder h, double sortKey, string text, string cls = "")
    {
        h.Append("</td><td");
        if (cls.Length > 0) h.Append(" class=\"").Append(cls).Append('"');
        h.Append(" data-v=\"").Append(DisplayFormat.SortKey(sortKey)).Append("\">").Append(text);
    }
}
