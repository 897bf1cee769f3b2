using System.Globalization;
using Quarry.Backtesting.Results;
using Quarry.Backtesting.Strategies;
using Quarry.Backtesting.Sweeps;
using Quarry.Data;
using Spectre.Console;

namespace Quarry.Cli.Output;

/// <summary>Human-readable tables on the terminal.</summary>
internal static class Tables
{
    static string Pct(double v) => double.IsFinite(v) ? v.ToString("0.00%", CultureInfo.InvariantCulture) : "—";
    static string Num(double v, string format = "0.00") => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : (double.IsNaN(v) ? "—" : v > 0 ? "∞" : "-∞");
    static string Money(double v) => Num(v, "#,0.00");

    static readonly string[] HeadlineKeys =
    [
        "comp", "cagr", "volatility", "sharpe", "smart_sharpe", "sortino", "calmar", "omega", "max_drawdown", "longest_dd_days",
        "ulcer_index", "var", "cvar", "tail_ratio", "skew", "kurtosis", "best", "worst", "win_rate", "profit_factor",
        "kelly_criterion", "exposure",
    ];

    static readonly string[] TradeKeys =
    [
        "trades", "closed_trades", "win_rate", "avg_win", "avg_loss", "profit_factor", "expectancy", "avg_bars_held",
        "largest_win", "largest_loss", "longest_winning_streak", "longest_losing_streak", "total_fees", "fees_pct",
        "slippage_cost", "cost_drag",
    ];

    /// <summary>The backtest summary: headline return metrics (per period) beside trade statistics and costs.</summary>
    public static void Summary(BacktestResult result, IReadOnlyList<Quarry.Analytics.Metrics.MetricValue> metrics,
        IReadOnlyList<Quarry.Analytics.Metrics.MetricValue> trades)
    {
        var title = $"{result.Strategy} on {string.Join(", ", result.Symbols)}  " +
            $"{Json.Time(result.Time[0])} → {Json.Time(result.Time[^1])}  " +
            string.Join(' ', result.Parameters.Select(p => $"{p.Key}={p.Value}"));
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(title)}[/]");
        AnsiConsole.MarkupLine($"final value [bold]{Money(result.FinalValue)}[/] from {Money(result.InitialCash)}  " +
            $"(total return {Pct(result.TotalReturn)}, fees {Money(result.TotalCommission)}, slippage + spread {Money(result.TotalSlippage)})");
        var left = Pick(metrics, HeadlineKeys);
        var right = Pick(trades, TradeKeys);
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("returns").AddColumn(new TableColumn("").RightAligned()).AddColumn(new TableColumn("before costs").RightAligned())
            .AddColumn("trades & costs").AddColumn(new TableColumn("").RightAligned());
        for (int i = 0; i < Math.Max(left.Count, right.Count); i++)
        {
            var l = i < left.Count ? left[i] : null;
            var r = i < right.Count ? right[i] : null;
            table.AddRow(
                l is null ? "" : Markup.Escape(l.Label), l is null ? "" : Format(l.Strategy, l.Format), l is null ? "" : Format(l.Gross, l.Format),
                r is null ? "" : Markup.Escape(r.Label), r is null ? "" : Format(r.Strategy, r.Format));
        }
        AnsiConsole.Write(table);
    }

    static List<Quarry.Analytics.Metrics.MetricValue> Pick(IReadOnlyList<Quarry.Analytics.Metrics.MetricValue> rows, string[] keys)
    {
        var byKey = new Dictionary<string, Quarry.Analytics.Metrics.MetricValue>(StringComparer.Ordinal);
        foreach (var row in rows) byKey.TryAdd(row.Key, row);
        return [.. keys.Where(byKey.ContainsKey).Select(k => byKey[k])];
    }

    public static string Format(double v, Quarry.Analytics.Metrics.MetricFormat format) => format switch
    {
        Quarry.Analytics.Metrics.MetricFormat.Percent => Pct(v),
        Quarry.Analytics.Metrics.MetricFormat.Integer => Num(v, "#,0"),
        _ => Num(v),
    };

    /// <summary>A metrics table with the benchmark and gross-of-costs columns when they have values.</summary>
    public static void Metrics(IReadOnlyList<Quarry.Analytics.Metrics.MetricValue> rows, string? benchmark, string? title = null)
    {
        bool gross = rows.Any(r => !double.IsNaN(r.Gross));
        var table = new Table().Border(TableBorder.Rounded).AddColumn("metric").AddColumn(new TableColumn("strategy").RightAligned());
        if (gross) table.AddColumn(new TableColumn("before costs").RightAligned());
        if (benchmark is not null) table.AddColumn(new TableColumn(Markup.Escape(benchmark)).RightAligned());
        if (title is not null) table.Title(Markup.Escape(title));
        foreach (var r in rows)
        {
            var cells = new List<string> { Markup.Escape(r.Label), Format(r.Strategy, r.Format) };
            if (gross) cells.Add(Format(r.Gross, r.Format));
            if (benchmark is not null) cells.Add(Format(r.Benchmark, r.Format));
            table.AddRow([.. cells]);
        }
        AnsiConsole.Write(table);
    }

    public static void SweepTop(SweepResult result, string metric, int top)
    {
        var ranked = result.Cells.OrderByDescending(c => Sortable(c.Summary.ToDictionary()[metric])).Take(top).ToList();
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"top {ranked.Count} of {result.Cells.Count} by {metric} ({(result.Vectorized ? "vectorised" : "event-driven")}, {result.Jobs} jobs, {result.ElapsedSeconds * 1000:0.0} ms)");
        if (ranked.Count == 0) { AnsiConsole.Write(table); return; }
        foreach (var p in ranked[0].Parameters) table.AddColumn(p.Key);
        foreach (var name in new[] { "final value", "total return", "CAGR", "Sharpe", "max DD", "trades", "win rate" })
            table.AddColumn(new TableColumn(name).RightAligned());
        foreach (var cell in ranked)
        {
            var s = cell.Summary;
            table.AddRow([.. cell.Parameters.Select(p => p.Value), Money(s.FinalValue), Pct(s.TotalReturn), Pct(s.Cagr), Num(s.Sharpe),
                Pct(s.MaxDrawdown), s.Trades.ToString(CultureInfo.InvariantCulture), Pct(s.WinRate)]);
        }
        AnsiConsole.Write(table);
    }

    static string Spacing(TimeSpan t) =>
        t.TotalDays >= 1 ? $"{t.TotalDays:0.##} day{(t.TotalDays == 1 ? "" : "s")}"
        : t.TotalHours >= 1 ? $"{t.TotalHours:0.##} h" : $"{t.TotalMinutes:0.##} min";

    static double Sortable(double v) => double.IsNaN(v) ? double.NegativeInfinity : v;

    public static void Strategies(IEnumerable<(string Name, Type Type)> strategies)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("strategy").AddColumn("parameter").AddColumn("type")
            .AddColumn("default").AddColumn("search range").AddColumn("description");
        foreach (var (name, type) in strategies)
        {
            var specs = StrategyParameters.Describe(type);
            if (specs.Count == 0) table.AddRow(name, "—", "", "", "", "");
            for (int i = 0; i < specs.Count; i++)
            {
                var p = specs[i];
                table.AddRow(i == 0 ? name : "", p.Name, p.Kind.ToString().ToLowerInvariant(), p.DefaultText, Markup.Escape(p.RangeText), Markup.Escape(p.Description ?? ""));
            }
        }
        AnsiConsole.Write(table);
    }

    public static void Quality(DataQualityReport r)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(r.Source)).AddColumn("check").AddColumn("result");
        table.AddRow("rows", r.Rows.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("range", r.First is { } f && r.Last is { } l ? $"{Json.Time(f)} → {Json.Time(l)}" : "—");
        table.AddRow("interval", $"{r.Interval.ToString().ToLowerInvariant()} (median spacing {Spacing(r.MedianSpacing)})");
        table.AddRow("gaps beyond the calendar", r.Gaps.Count.ToString(CultureInfo.InvariantCulture));
        table.AddRow("zero-volume bars", r.AllVolumeZero ? $"{r.ZeroVolumeBars} (all: the file has no volume)" : r.ZeroVolumeBars.ToString(CultureInfo.InvariantCulture));
        table.AddRow($"jumps > {r.JumpThreshold:P0}", r.Jumps.Count.ToString(CultureInfo.InvariantCulture));
        table.AddRow("flat bars (O=H=L=C)", r.FlatBars.ToString(CultureInfo.InvariantCulture));
        table.AddRow("problems", r.IsValid ? "[green]none[/]" : $"[red]{r.IssueCount}[/]");
        AnsiConsole.Write(table);
        foreach (var gap in r.Gaps.Take(20)) AnsiConsole.MarkupLine($"  gap   {Json.Time(gap.Start)} → {Json.Time(gap.End)}  ({gap.Missing} missing)");
        if (r.Gaps.Count > 20) AnsiConsole.MarkupLine($"  ... {r.Gaps.Count - 20} more gaps");
        foreach (var jump in r.Jumps.Take(20)) AnsiConsole.MarkupLine($"  jump  {Json.Time(jump.Time)}  {Pct(jump.Return)}");
        foreach (var issue in r.Issues.Take(50)) AnsiConsole.MarkupLine($"  [red]error[/] {Markup.Escape(issue.ToString())}");
        if (r.IssueCount > 50) AnsiConsole.MarkupLine($"  ... {r.IssueCount - 50} more problems");
    }
}
