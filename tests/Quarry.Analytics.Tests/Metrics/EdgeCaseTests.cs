using Quarry.Analytics.Metrics;

namespace Quarry.Analytics.Tests.Metrics;

/// <summary>
/// Spec §8 edge cases: empty, single value, all zero, all positive, all negative, constant (zero volatility), NaN
/// inside, zero-variance benchmark. Every metric returns its defined value (NaN where undefined, ±∞ or 0 where the
/// spec says so) and none throws. The per-case tables cover every key, so a new metric must be added here.
/// </summary>
public class EdgeCaseTests
{
    const double Inf = double.PositiveInfinity;
    const double NaN = double.NaN;
    /// <summary>Marker: any finite value.</summary>
    const double Finite = 1.2345e300;

    static Dictionary<string, Func<double[], double>> Single => MetricFunctions.PerSeries;

    static Dictionary<string, Func<double[], double[], double>> Pair => MetricFunctions.Relative;

    static void Check(double[] r, params (string Key, double Expected)[] expectations)
    {
        foreach (var (key, expected) in expectations)
            AssertValue(key, expected, Single[key](r));
    }

    static void CheckAll(double[] r, params (string Key, double Expected)[] expectations)
    {
        Assert.Equal(Single.Keys.Order(), expectations.Select(e => e.Key).Order());
        Check(r, expectations);
    }

    static void CheckPair(double[] r, double[] b, params (string Key, double Expected)[] expectations)
    {
        Assert.Equal(Pair.Keys.Order(), expectations.Select(e => e.Key).Order());
        foreach (var (key, expected) in expectations) AssertValue(key, expected, Pair[key](r, b));
    }

    static void AssertValue(string key, double expected, double actual)
    {
        if (expected == Finite) Assert.True(double.IsFinite(actual), $"{key}: expected a finite value, got {actual}");
        else if (double.IsNaN(expected)) Assert.True(double.IsNaN(actual), $"{key}: expected NaN, got {actual}");
        else Assert.True(expected == actual || Math.Abs(expected - actual) <= 1e-12 * Math.Abs(expected),
            $"{key}: expected {expected:R}, got {actual:R}");
    }

    [Fact]
    public void Empty_series()
    {
        CheckAll([],
            ("comp", 0), ("cagr", NaN), ("expected_return", NaN), ("exposure", NaN), ("rar", NaN), ("best", NaN), ("worst", NaN),
            ("volatility", NaN), ("sharpe", NaN), ("smart_sharpe", NaN), ("sortino", NaN), ("smart_sortino", NaN),
            ("adjusted_sortino", NaN), ("autocorr_penalty", NaN), ("probabilistic_sharpe_ratio", NaN),
            ("probabilistic_sortino_ratio", NaN), ("risk_return_ratio", NaN), ("calmar", NaN), ("omega", NaN),
            ("downside_risk", NaN), ("stability_of_timeseries", NaN), ("max_drawdown", NaN), ("avg_drawdown", NaN),
            ("longest_dd_days", NaN), ("avg_drawdown_days", NaN), ("ulcer_index", NaN), ("ulcer_performance_index", NaN),
            ("serenity_index", NaN), ("recovery_factor", NaN), ("var", NaN), ("cvar", NaN), ("var_historical", NaN),
            ("cvar_historical", NaN), ("tail_ratio", NaN), ("outlier_win_ratio", NaN), ("outlier_loss_ratio", NaN),
            ("skew", NaN), ("kurtosis", NaN), ("win_rate", 0), ("avg_return", NaN), ("avg_win", NaN), ("avg_loss", NaN),
            ("payoff_ratio", NaN), ("profit_factor", 0), ("profit_ratio", 0), ("gain_to_pain_ratio", NaN),
            ("cpc_index", NaN), ("common_sense_ratio", NaN), ("kelly_criterion", NaN), ("risk_of_ruin", NaN),
            ("consecutive_wins", 0), ("consecutive_losses", 0));
        CheckPair([], [],
            ("beta", 0), ("alpha", 0), ("alpha_compounded", NaN), ("r_squared", NaN), ("correlation", NaN),
            ("information_ratio", NaN), ("tracking_error", NaN), ("treynor_ratio", 0), ("capture", NaN),
            ("up_capture", NaN), ("down_capture", NaN), ("up_down_capture", NaN), ("beta_fragility_heuristic", NaN));
    }

    [Fact]
    public void Single_value()
    {
        CheckAll([0.01],
            ("comp", 0.01), ("cagr", Math.Pow(1.01, 252) - 1), ("expected_return", 0.01), ("exposure", 1), ("rar", Math.Pow(1.01, 252) - 1),
            ("best", 0.01), ("worst", 0.01), ("volatility", NaN), ("sharpe", NaN), ("smart_sharpe", NaN), ("sortino", NaN),
            ("smart_sortino", NaN), ("adjusted_sortino", NaN), ("autocorr_penalty", NaN), ("probabilistic_sharpe_ratio", NaN),
            ("probabilistic_sortino_ratio", NaN), ("risk_return_ratio", NaN), ("calmar", Inf), ("omega", NaN),
            ("downside_risk", 0), ("stability_of_timeseries", NaN), ("max_drawdown", 0), ("avg_drawdown", 0),
            ("longest_dd_days", 0), ("avg_drawdown_days", 0), ("ulcer_index", NaN), ("ulcer_performance_index", NaN),
            ("serenity_index", NaN), ("recovery_factor", NaN), ("var", NaN), ("cvar", NaN), ("var_historical", 0.01),
            ("cvar_historical", 0.01), ("tail_ratio", 1), ("outlier_win_ratio", 1), ("outlier_loss_ratio", NaN),
            ("skew", NaN), ("kurtosis", NaN), ("win_rate", 1), ("avg_return", 0.01), ("avg_win", 0.01), ("avg_loss", NaN),
            ("payoff_ratio", NaN), ("profit_factor", Inf), ("profit_ratio", NaN), ("gain_to_pain_ratio", NaN),
            ("cpc_index", NaN), ("common_sense_ratio", Inf), ("kelly_criterion", NaN), ("risk_of_ruin", 0),
            ("consecutive_wins", 1), ("consecutive_losses", 0));
        CheckPair([0.01], [0.02],
            ("beta", 0), ("alpha", 0), ("alpha_compounded", NaN), ("r_squared", NaN), ("correlation", NaN),
            ("information_ratio", NaN), ("tracking_error", NaN), ("treynor_ratio", 0),
            ("capture", (Math.Pow(1.01, 252) - 1) / (Math.Pow(1.02, 252) - 1)), ("up_capture", Finite), ("down_capture", NaN),
            ("up_down_capture", NaN), ("beta_fragility_heuristic", NaN));
    }

    [Fact]
    public void All_zero_returns()
    {
        CheckAll([0, 0, 0, 0, 0],
            ("comp", 0), ("cagr", 0), ("expected_return", 0), ("exposure", 0), ("rar", NaN), ("best", 0), ("worst", 0),
            ("volatility", 0), ("sharpe", NaN), ("smart_sharpe", NaN), ("sortino", NaN), ("smart_sortino", NaN),
            ("adjusted_sortino", NaN), ("autocorr_penalty", NaN), ("probabilistic_sharpe_ratio", NaN),
            ("probabilistic_sortino_ratio", NaN), ("risk_return_ratio", NaN), ("calmar", NaN), ("omega", NaN),
            ("downside_risk", 0), ("stability_of_timeseries", 0), ("max_drawdown", 0), ("avg_drawdown", 0),
            ("longest_dd_days", 0), ("avg_drawdown_days", 0), ("ulcer_index", 0), ("ulcer_performance_index", NaN),
            ("serenity_index", NaN), ("recovery_factor", NaN), ("var", NaN), ("cvar", NaN), ("var_historical", 0),
            ("cvar_historical", 0), ("tail_ratio", NaN), ("outlier_win_ratio", NaN), ("outlier_loss_ratio", NaN),
            ("skew", 0), ("kurtosis", 0), ("win_rate", 0), ("avg_return", NaN), ("avg_win", NaN), ("avg_loss", NaN),
            ("payoff_ratio", NaN), ("profit_factor", 0), ("profit_ratio", NaN), ("gain_to_pain_ratio", NaN),
            ("cpc_index", NaN), ("common_sense_ratio", NaN), ("kelly_criterion", NaN), ("risk_of_ruin", 1),
            ("consecutive_wins", 0), ("consecutive_losses", 0));
    }

    [Fact]
    public void Constant_series_has_zero_volatility()
    {
        double[] c = [0.01, 0.01, 0.01, 0.01, 0.01];
        CheckAll(c,
            ("comp", Math.Pow(1.01, 5) - 1), ("cagr", Finite), ("expected_return", 0.01), ("exposure", 1), ("rar", Finite),
            ("best", 0.01), ("worst", 0.01), ("volatility", 0), ("sharpe", Inf), ("smart_sharpe", NaN), ("sortino", NaN),
            ("smart_sortino", NaN), ("adjusted_sortino", NaN), ("autocorr_penalty", NaN), ("probabilistic_sharpe_ratio", NaN),
            ("probabilistic_sortino_ratio", NaN), ("risk_return_ratio", NaN), ("calmar", Inf), ("omega", NaN),
            ("downside_risk", 0), ("stability_of_timeseries", 1), ("max_drawdown", 0), ("avg_drawdown", 0),
            ("longest_dd_days", 0), ("avg_drawdown_days", 0), ("ulcer_index", 0), ("ulcer_performance_index", NaN),
            ("serenity_index", NaN), ("recovery_factor", NaN), ("var", NaN), ("cvar", NaN), ("var_historical", 0.01),
            ("cvar_historical", 0.01), ("tail_ratio", 1), ("outlier_win_ratio", 1), ("outlier_loss_ratio", NaN),
            ("skew", 0), ("kurtosis", 0), ("win_rate", 1), ("avg_return", 0.01), ("avg_win", 0.01), ("avg_loss", NaN),
            ("payoff_ratio", NaN), ("profit_factor", Inf), ("profit_ratio", NaN), ("gain_to_pain_ratio", NaN),
            ("cpc_index", NaN), ("common_sense_ratio", Inf), ("kelly_criterion", NaN), ("risk_of_ruin", 0),
            ("consecutive_wins", 5), ("consecutive_losses", 0));
        // a constant negative series: sharpe −∞
        Check([-0.01, -0.01, -0.01], ("sharpe", double.NegativeInfinity), ("volatility", 0));
    }

    [Fact]
    public void All_positive_returns()
    {
        double[] p = [0.01, 0.02, 0.03, 0.01, 0.02];
        Check(p, ("sortino", NaN), ("omega", NaN), ("max_drawdown", 0), ("calmar", Inf), ("recovery_factor", NaN),
            ("ulcer_index", 0), ("ulcer_performance_index", NaN), ("serenity_index", NaN), ("profit_factor", Inf),
            ("payoff_ratio", NaN), ("kelly_criterion", NaN), ("win_rate", 1), ("risk_of_ruin", 0), ("consecutive_wins", 5),
            ("gain_to_pain_ratio", NaN), ("profit_ratio", NaN), ("avg_loss", NaN), ("outlier_loss_ratio", NaN),
            ("downside_risk", 0), ("sharpe", Finite), ("volatility", Finite), ("tail_ratio", Finite));
    }

    [Fact]
    public void All_negative_returns()
    {
        double[] n = [-0.01, -0.02, -0.03, -0.01, -0.02];
        Check(n, ("win_rate", 0), ("profit_factor", 0), ("profit_ratio", 0), ("payoff_ratio", NaN), ("kelly_criterion", NaN),
            ("risk_of_ruin", 1), ("consecutive_losses", 5), ("consecutive_wins", 0), ("gain_to_pain_ratio", -1),
            ("omega", 0), ("avg_win", NaN), ("outlier_win_ratio", NaN), ("max_drawdown", Stats.Comp(n)),
            ("avg_drawdown", Stats.Comp(n)), ("longest_dd_days", 5), ("common_sense_ratio", 0), ("sortino", Finite),
            ("serenity_index", Finite), ("recovery_factor", Finite), ("ulcer_performance_index", Finite));
    }

    [Fact]
    public void Benchmark_with_zero_variance()
    {
        double[] r = [0.01, -0.02, 0.03, 0.01, 0.02], b = [0.01, 0.01, 0.01, 0.01, 0.01];
        CheckPair(r, b,
            ("beta", 0), ("alpha", 0), ("alpha_compounded", NaN), ("r_squared", 0), ("correlation", NaN),
            ("information_ratio", Finite), ("tracking_error", Finite), ("treynor_ratio", 0), ("capture", Finite),
            ("up_capture", Finite), ("down_capture", NaN), ("up_down_capture", NaN), ("beta_fragility_heuristic", Finite));
        // w_s = w_e = 0.5 when b_e = b_s: 0.5 · r_first + 0.5 · r_last − r_mid = 0.005 + 0.01 − 0.03 = −0.015
        Approx.Equal(-0.015, Stats.BetaFragilityHeuristic(r, b), 1e-12);
    }

    [Fact]
    public void Identical_strategy_and_benchmark()
    {
        double[] r = [0.01, -0.02, 0.03, 0.01, 0.02];
        CheckPair(r, r,
            ("beta", 1), ("alpha", 0), ("alpha_compounded", 0), ("r_squared", 1), ("correlation", 1),
            ("information_ratio", 0), ("tracking_error", 0), ("treynor_ratio", Stats.Comp(r)), ("capture", 1),
            ("up_capture", 1), ("down_capture", 1), ("up_down_capture", 1), ("beta_fragility_heuristic", Finite));
    }

    [Fact]
    public void A_constant_strategy_has_no_r_squared()
    {
        // scipy's linregress(returns, benchmark) raises for constant returns; Quarry returns NaN
        Assert.True(double.IsNaN(Stats.RSquared([0.01, 0.01, 0.01], [0.01, 0.02, -0.01])));
    }

    public static TheoryData<double[]> Awkward => new()
    {
        Array.Empty<double>(), new[] { 0.01 }, new[] { 0.0, 0.0 }, new[] { 0.01, double.NaN, -0.02, 0.03, 0.01 },
        new[] { double.NaN, double.NaN, double.NaN, double.NaN }, new[] { 0.01, double.PositiveInfinity, -0.02, 0.0 },
        new[] { -1.0, 0.5, 0.2, -0.3 }, new[] { -1.5, 0.5, 0.2, 0.1 }, new[] { 1e300, -1e300, 1e-300, 0 },
    };

    [Theory]
    [MemberData(nameof(Awkward))]
    public void No_metric_throws(double[] r)
    {
        foreach (var metric in Single.Values) _ = metric(r);
        double[] b = r.Length > 0 ? [.. r.Select((v, i) => i % 2 == 0 ? 0.01 : -0.005)] : [];
        foreach (var metric in Pair.Values)
        {
            _ = metric(r, b);
            _ = metric(b, r);
        }
        var destination = new double[r.Length];
        Rolling.Sharpe(r, 2, 252, destination);
        Rolling.Sortino(r, 2, 252, destination);
        Rolling.Volatility(r, 2, 252, destination);
        Rolling.Beta(r, b, 2, destination);
        Rolling.Alpha(r, b, 2, destination);
        var rows = MetricTable.Compute(Fixtures.Days(r.Length), r, b, new MetricOptions());
        int relative = MetricTable.Keys.Count(MetricTable.IsBenchmarkRelative);
        Assert.Equal(MetricTable.Keys.Count - (b.Length == 0 ? relative : 0), rows.Count);
    }

    [Fact]
    public void NaN_inside_propagates_to_moment_based_metrics_and_is_skipped_by_NaN_aware_ones()
    {
        double[] r = [0.01, double.NaN, -0.02, 0.03, 0.01];
        Check(r, ("sharpe", NaN), ("volatility", NaN), ("comp", NaN), ("max_drawdown", NaN), ("skew", NaN),
            ("var_historical", NaN), ("cvar_historical", NaN), ("tail_ratio", NaN));
        // exposure, downside_risk and stability handle NaN themselves (spec §5.5, §6)
        Check(r, ("exposure", 0.8));
        Approx.Equal(Stats.DownsideRisk([0.01, -0.02, 0.03, 0.01]), Stats.DownsideRisk(r));
        Approx.Equal(Stats.StabilityOfTimeseries([0.01, -0.02, 0.03, 0.01]), Stats.StabilityOfTimeseries(r));
    }
}
