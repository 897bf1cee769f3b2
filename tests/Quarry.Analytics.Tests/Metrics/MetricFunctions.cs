using Quarry.Analytics.Metrics;

namespace Quarry.Analytics.Tests.Metrics;

/// <summary>The Stats function behind every metric key, for the edge-case tables and the MetricTable consistency check.</summary>
internal static class MetricFunctions
{
    /// <summary>Every per-series metric of Stats by spec key; drawdown days use consecutive calendar days.</summary>
    public static readonly Dictionary<string, Func<double[], double>> PerSeries = new()
    {
        ["comp"] = r => Stats.Comp(r),
        ["cagr"] = r => Stats.Cagr(r),
        ["expected_return"] = r => Stats.ExpectedReturn(r),
        ["exposure"] = r => Stats.Exposure(r),
        ["rar"] = r => Stats.Rar(r),
        ["best"] = r => Stats.Best(r),
        ["worst"] = r => Stats.Worst(r),
        ["volatility"] = r => Stats.Volatility(r),
        ["sharpe"] = r => Stats.Sharpe(r),
        ["smart_sharpe"] = r => Stats.SmartSharpe(r),
        ["sortino"] = r => Stats.Sortino(r),
        ["smart_sortino"] = r => Stats.SmartSortino(r),
        ["adjusted_sortino"] = r => Stats.AdjustedSortino(r),
        ["autocorr_penalty"] = r => Stats.AutocorrPenalty(r),
        ["probabilistic_sharpe_ratio"] = r => Stats.ProbabilisticSharpeRatio(r),
        ["probabilistic_sortino_ratio"] = r => Stats.ProbabilisticSortinoRatio(r),
        ["risk_return_ratio"] = r => Stats.RiskReturnRatio(r),
        ["calmar"] = r => Stats.Calmar(r),
        ["omega"] = r => Stats.Omega(r),
        ["downside_risk"] = r => Stats.DownsideRisk(r),
        ["stability_of_timeseries"] = r => Stats.StabilityOfTimeseries(r),
        ["max_drawdown"] = r => Stats.MaxDrawdown(r),
        ["avg_drawdown"] = r => Stats.AvgDrawdown(r),
        ["longest_dd_days"] = r => Stats.LongestDrawdownDays(Fixtures.Days(r.Length), r),
        ["avg_drawdown_days"] = r => Stats.AvgDrawdownDays(Fixtures.Days(r.Length), r),
        ["ulcer_index"] = r => Stats.UlcerIndex(r),
        ["ulcer_performance_index"] = r => Stats.UlcerPerformanceIndex(r),
        ["serenity_index"] = r => Stats.SerenityIndex(r),
        ["recovery_factor"] = r => Stats.RecoveryFactor(r),
        ["var"] = r => Stats.ValueAtRisk(r),
        ["cvar"] = r => Stats.ConditionalValueAtRisk(r),
        ["var_historical"] = r => Stats.ValueAtRiskHistorical(r),
        ["cvar_historical"] = r => Stats.ConditionalValueAtRiskHistorical(r),
        ["tail_ratio"] = r => Stats.TailRatio(r),
        ["outlier_win_ratio"] = r => Stats.OutlierWinRatio(r),
        ["outlier_loss_ratio"] = r => Stats.OutlierLossRatio(r),
        ["skew"] = r => Stats.Skew(r),
        ["kurtosis"] = r => Stats.Kurtosis(r),
        ["win_rate"] = r => Stats.WinRate(r),
        ["avg_return"] = r => Stats.AvgReturn(r),
        ["avg_win"] = r => Stats.AvgWin(r),
        ["avg_loss"] = r => Stats.AvgLoss(r),
        ["payoff_ratio"] = r => Stats.PayoffRatio(r),
        ["profit_factor"] = r => Stats.ProfitFactor(r),
        ["profit_ratio"] = r => Stats.ProfitRatio(r),
        ["gain_to_pain_ratio"] = r => Stats.GainToPainRatio(r),
        ["cpc_index"] = r => Stats.CpcIndex(r),
        ["common_sense_ratio"] = r => Stats.CommonSenseRatio(r),
        ["kelly_criterion"] = r => Stats.KellyCriterion(r),
        ["risk_of_ruin"] = r => Stats.RiskOfRuin(r),
        ["consecutive_wins"] = r => Stats.ConsecutiveWins(r),
        ["consecutive_losses"] = r => Stats.ConsecutiveLosses(r),
    };

    /// <summary>Every benchmark-relative metric of Stats by spec key.</summary>
    public static readonly Dictionary<string, Func<double[], double[], double>> Relative = new()
    {
        ["beta"] = (r, b) => Stats.Beta(r, b),
        ["alpha"] = (r, b) => Stats.Alpha(r, b),
        ["alpha_compounded"] = (r, b) => Stats.AlphaCompounded(r, b),
        ["r_squared"] = (r, b) => Stats.RSquared(r, b),
        ["correlation"] = (r, b) => Stats.Correlation(r, b),
        ["information_ratio"] = (r, b) => Stats.InformationRatio(r, b),
        ["tracking_error"] = (r, b) => Stats.TrackingError(r, b),
        ["treynor_ratio"] = (r, b) => Stats.TreynorRatio(r, b),
        ["capture"] = (r, b) => Stats.Capture(r, b),
        ["up_capture"] = (r, b) => Stats.UpCapture(r, b),
        ["down_capture"] = (r, b) => Stats.DownCapture(r, b),
        ["up_down_capture"] = (r, b) => Stats.UpDownCapture(r, b),
        ["beta_fragility_heuristic"] = (r, b) => Stats.BetaFragilityHeuristic(r, b),
    };

    /// <summary>
    /// The table's rows that are a Stats function of an aggregated series or a combination (time = consecutive
    /// calendar days from 2024-01-01).
    /// </summary>
    public static readonly Dictionary<string, Func<double[], double>> TableOnly = new()
    {
        ["smart_adjusted_sortino"] = r => Stats.SmartAdjustedSortino(r),
        ["probabilistic_adjusted_sortino_ratio"] = r => Stats.ProbabilisticAdjustedSortinoRatio(r),
        ["expected_monthly"] = r => Stats.ExpectedReturn(Months(r)),
        ["expected_yearly"] = r => Stats.ExpectedReturn(Years(r)),
        ["gain_to_pain_ratio_1m"] = r => Stats.GainToPainRatio(Fixtures.Days(r.Length), r, AggregationPeriod.Month),
        ["best_month"] = r => Stats.Best(Months(r)),
        ["worst_month"] = r => Stats.Worst(Months(r)),
        ["best_year"] = r => Stats.Best(Years(r)),
        ["worst_year"] = r => Stats.Worst(Years(r)),
        ["avg_up_month"] = r => Stats.AvgWin(Months(r)),
        ["avg_down_month"] = r => Stats.AvgLoss(Months(r)),
        ["win_month"] = r => Stats.WinRate(Months(r)),
        ["win_quarter"] = r => Stats.WinRate(Stats.AggregateReturns(Fixtures.Days(r.Length), r, AggregationPeriod.Quarter)),
        ["win_year"] = r => Stats.WinRate(Years(r)),
    };

    static double[] Months(double[] r) => Stats.AggregateReturns(Fixtures.Days(r.Length), r, AggregationPeriod.Month);

    static double[] Years(double[] r) => Stats.AggregateReturns(Fixtures.Days(r.Length), r, AggregationPeriod.Year);
}
