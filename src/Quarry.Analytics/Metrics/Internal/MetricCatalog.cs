using static Quarry.Analytics.Metrics.MetricFormat;

namespace Quarry.Analytics.Metrics.Internal;

/// <summary>One row of the metrics table: either a per-series metric or a benchmark-relative one.</summary>
/// <param name="Key">The spec's snake_case key.</param>
/// <param name="Label">Display label; {Day}, {Daily} and {Days} are replaced by the data's period name.</param>
/// <param name="Format">Display format.</param>
/// <param name="Series">The value for one series (strategy or benchmark), or null for a relative row.</param>
/// <param name="Pair">The value for the strategy against the benchmark, or null for a per-series row.</param>
internal sealed record MetricDefinition(string Key, string Label, MetricFormat Format,
    Func<SeriesContext, double>? Series, Func<PairContext, double>? Pair = null);

/// <summary>The rows of <see cref="MetricTable"/> in display order (QuantStats' full tearsheet order, spec-only metrics next to their family).</summary>
internal static class MetricCatalog
{
    static readonly double Sqrt2 = Math.Sqrt(2);

    public static readonly MetricDefinition[] Rows =
    [
        new("exposure", "Time in Market", Percent, c => c.Exposure),
        new("comp", "Cumulative Return", Percent, c => c.Comp),
        new("cagr", "CAGR", Percent, c => c.Cagr),
        new("rar", "Risk-Adjusted Return", Percent, c => c.Rar),

        new("sharpe", "Sharpe", Number, c => RiskStats.Sharpe(c.Moments, c.RfPerPeriod, c.Periods)),
        new("probabilistic_sharpe_ratio", "Prob. Sharpe Ratio", Percent, c => c.Probabilistic(RiskStats.Sharpe(c.Moments, 0, 1))),
        new("smart_sharpe", "Smart Sharpe", Number, c => RiskStats.Sharpe(c.Moments, c.RfPerPeriod, c.Periods, c.Penalty)),
        new("sortino", "Sortino", Number, c => c.Sortino()),
        new("smart_sortino", "Smart Sortino", Number, c => c.Sortino(c.Penalty)),
        new("adjusted_sortino", "Sortino/√2", Number, c => c.Sortino() / Sqrt2),
        new("smart_adjusted_sortino", "Smart Sortino/√2", Number, c => c.Sortino(c.Penalty) / Sqrt2),
        new("probabilistic_sortino_ratio", "Prob. Sortino Ratio", Percent, c => c.Probabilistic(PerPeriodSortino(c))),
        new("probabilistic_adjusted_sortino_ratio", "Prob. Sortino/√2 Ratio", Percent, c => c.Probabilistic(PerPeriodSortino(c) / Sqrt2)),
        new("omega", "Omega", Number, c => c.Omega),
        new("risk_return_ratio", "Risk/Return Ratio", Number, c => c.Moments.Std == 0 ? double.NaN : c.Moments.Mean / c.Moments.Std),
        new("autocorr_penalty", "Autocorr. Penalty", Number, c => c.Penalty),

        new("max_drawdown", "Max Drawdown", Percent, c => c.Drawdown.MaxDrawdown),
        new("longest_dd_days", "Longest DD Days", Integer, c => c.Count == 0 || c.Drawdown.LongestDays < 0 ? double.NaN : c.Drawdown.LongestDays),

        new("volatility", "Volatility (ann.)", Percent, c => RiskStats.Volatility(c.Moments, c.Periods)),
        new("downside_risk", "Downside Risk (ann.)", Percent, c => c.DownsideRisk),
        new("r_squared", "R^2", Number, null, p => BenchmarkStats.RSquared(p.Moments)),
        new("information_ratio", "Information Ratio", Number, null, p => BenchmarkStats.InformationRatio(p.Active)),
        new("tracking_error", "Tracking Error (ann.)", Percent, null, p => p.Active.Std * Math.Sqrt(p.Periods)),
        new("calmar", "Calmar", Number, c => c.CompoundedCagr / Math.Abs(c.Drawdown.MaxDrawdown)),
        new("skew", "Skew", Number, c => DistributionStats.Skew(c.Moments)),
        new("kurtosis", "Kurtosis", Number, c => DistributionStats.Kurtosis(c.Moments)),
        new("stability_of_timeseries", "Stability", Number, c => c.Stability),

        new("expected_return", "Expected {Daily}", Percent, c => c.Count == 0 ? double.NaN : Math.Pow(c.Comp + 1, 1.0 / c.Count) - 1),
        new("expected_monthly", "Expected Monthly", Percent, c => c.Month.Expected),
        new("expected_yearly", "Expected Yearly", Percent, c => c.Year.Expected),
        new("kelly_criterion", "Kelly Criterion", Percent, c => c.WinLoss.Kelly),
        new("risk_of_ruin", "Risk of Ruin", Percent, c => c.WinLoss.RiskOfRuin),
        new("var", "{Daily} Value-at-Risk", Percent, c => c.Var),
        new("cvar", "Expected Shortfall (cVaR)", Percent, c => c.Cvar),
        new("var_historical", "Historical VaR", Percent, c => c.Quantile(0.05)),
        new("cvar_historical", "Historical cVaR", Percent, c => c.CvarHistorical(0.05)),

        new("consecutive_wins", "Max Consecutive Wins", Integer, c => c.WinLoss.LongestWinRun),
        new("consecutive_losses", "Max Consecutive Losses", Integer, c => c.WinLoss.LongestLossRun),
        new("gain_to_pain_ratio", "Gain/Pain Ratio", Number, c => c.GainToPainDaily),
        new("gain_to_pain_ratio_1m", "Gain/Pain (1M)", Number, c => c.GainToPainMonthly),

        new("payoff_ratio", "Payoff Ratio", Number, c => c.WinLoss.PayoffRatio),
        new("profit_factor", "Profit Factor", Number, c => c.WinLoss.ProfitFactor),
        new("profit_ratio", "Profit Ratio", Number, c => c.WinLoss.ProfitRatio),
        new("common_sense_ratio", "Common Sense Ratio", Number, c => c.WinLoss.ProfitFactor * c.TailRatio(0.95)),
        new("cpc_index", "CPC Index", Number, c => c.WinLoss.ProfitFactor * c.WinLoss.WinRate * c.WinLoss.PayoffRatio),
        new("tail_ratio", "Tail Ratio", Number, c => c.TailRatio(0.95)),
        new("outlier_win_ratio", "Outlier Win Ratio", Number, c => TailStats.OutlierRatio(c.Quantile(0.99), c.WinLoss.AvgNonNegative)),
        new("outlier_loss_ratio", "Outlier Loss Ratio", Number, c => TailStats.OutlierRatio(c.Quantile(0.01), c.WinLoss.AvgLoss)),

        new("best", "Best {Day}", Percent, c => c.Best),
        new("worst", "Worst {Day}", Percent, c => c.Worst),
        new("best_month", "Best Month", Percent, c => c.Month.Best),
        new("worst_month", "Worst Month", Percent, c => c.Month.Worst),
        new("best_year", "Best Year", Percent, c => c.Year.Best),
        new("worst_year", "Worst Year", Percent, c => c.Year.Worst),

        new("avg_drawdown", "Avg. Drawdown", Percent, c => DrawdownStats.AvgDrawdown(c.Drawdown)),
        new("avg_drawdown_days", "Avg. Drawdown Days", Integer, c => DrawdownStats.AvgDrawdownDays(c.Drawdown)),
        new("recovery_factor", "Recovery Factor", Number, c => DrawdownStats.RecoveryFactor(c.WinLoss.Sum, c.Drawdown.MaxDrawdown, c.RiskFree)),
        new("ulcer_index", "Ulcer Index", Number, c => c.Drawdown.UlcerIndex),
        new("ulcer_performance_index", "Ulcer Performance Index", Number, c => DrawdownStats.UlcerPerformanceIndex(c.Comp, c.Drawdown, c.RiskFree)),
        new("serenity_index", "Serenity Index", Number,
            c => DrawdownStats.SerenityIndex(c.WinLoss.Sum, c.Moments.Std, c.Drawdown.UlcerIndex, c.DrawdownCvar, c.RiskFree)),

        new("avg_return", "Avg. Return", Percent, c => c.WinLoss.AvgReturn),
        new("avg_win", "Avg. Win", Percent, c => c.WinLoss.AvgWin),
        new("avg_loss", "Avg. Loss", Percent, c => c.WinLoss.AvgLoss),
        new("avg_up_month", "Avg. Up Month", Percent, c => c.Month.WinLoss.AvgWin),
        new("avg_down_month", "Avg. Down Month", Percent, c => c.Month.WinLoss.AvgLoss),
        new("win_rate", "Win {Days}", Percent, c => c.WinLoss.WinRate),
        new("win_month", "Win Month", Percent, c => c.Month.WinLoss.WinRate),
        new("win_quarter", "Win Quarter", Percent, c => c.Quarter.WinLoss.WinRate),
        new("win_year", "Win Year", Percent, c => c.Year.WinLoss.WinRate),

        new("beta", "Beta", Number, null, p => p.Beta),
        new("alpha", "Alpha", Number, null, p => BenchmarkStats.Alpha(p.Moments, p.Periods)),
        new("alpha_compounded", "Alpha (compounded)", Percent, null, p => BenchmarkStats.AlphaCompounded(p.Moments, 0, p.Periods)),
        new("correlation", "Correlation", Percent, null, p => BenchmarkStats.Correlation(p.Moments)),
        new("treynor_ratio", "Treynor Ratio", Percent, null, p => p.Treynor),
        new("capture", "Capture Ratio", Number, null, p => p.Capture),
        new("up_capture", "Up Capture", Number, null, p => p.UpCapture),
        new("down_capture", "Down Capture", Number, null, p => p.DownCapture),
        new("up_down_capture", "Up/Down Capture", Number, null, p => p.UpCapture / p.DownCapture),
        new("beta_fragility_heuristic", "Beta Fragility", Number, null, p => p.Fragility),
    ];

    static double PerPeriodSortino(SeriesContext c) => RiskStats.Sortino(c.Moments.Mean, RiskStats.DownsideSquares(c.Returns, 0), c.Count, 1);

    /// <summary>The label with the period placeholders filled for data with <paramref name="periodsPerYear"/> periods per year.</summary>
    public static string Label(string label, double periodsPerYear)
    {
        if (!label.Contains('{', StringComparison.Ordinal)) return label;
        var (day, daily, days) = periodsPerYear switch
        {
            >= 250 and <= 366 => ("Day", "Daily", "Days"),
            52 => ("Week", "Weekly", "Weeks"),
            12 => ("Month", "Monthly", "Months"),
            4 => ("Quarter", "Quarterly", "Quarters"),
            1 => ("Year", "Yearly", "Years"),
            _ => ("Period", "Per-Period", "Periods"),
        };
        return label.Replace("{Day}", day, StringComparison.Ordinal).Replace("{Daily}", daily, StringComparison.Ordinal)
            .Replace("{Days}", days, StringComparison.Ordinal);
    }
}
