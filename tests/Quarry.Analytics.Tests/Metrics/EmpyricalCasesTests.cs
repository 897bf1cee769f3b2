using Quarry.Analytics.Metrics;

namespace Quarry.Analytics.Tests.Metrics;

/// <summary>
/// Expected values ported from empyrical's own test suite (quantopian/empyrical, <c>empyrical/tests/test_stats.py</c>,
/// spec §9), checked to 8 decimals as empyrical does. empyrical's NaN handling differs from Quarry's QuantStats
/// preparation (NaN → 0): where empyrical skips the leading NaN of <c>mixed_returns</c> in a mean or std, the test
/// passes the 8 non-NaN values; where it treats NaN as 0 (compounding, year count), it passes the 9 values with a 0.
/// Each case was also re-derived by hand from the spec formula before porting.
/// </summary>
public class EmpyricalCasesTests
{
    const int Decimals = 8;

    static double[] Pct(params double[] values) => Array.ConvertAll(values, v => v / 100);

    static readonly double[] SimpleBenchmark = Pct(0, 1, 0, 1, 0, 1, 0, 1, 0);
    static readonly double[] PositiveReturns = Pct(1, 2, 1, 1, 1, 1, 1, 1, 1);
    static readonly double[] NegativeReturns = Pct(0, -6, -7, -1, -9, -2, -6, -8, -5);
    static readonly double[] AllNegativeReturns = Pct(-2, -6, -7, -1, -9, -2, -6, -8, -5);
    /// <summary>mixed_returns = [NaN, 1, 10, −4, 2, 3, 2, 1, −10] %, without its NaN.</summary>
    static readonly double[] Mixed8 = Pct(1, 10, -4, 2, 3, 2, 1, -10);
    /// <summary>mixed_returns with its NaN as 0 (QuantStats preparation); also weekly_returns and monthly_returns.</summary>
    static readonly double[] Mixed9 = Pct(0, 1, 10, -4, 2, 3, 2, 1, -10);
    static readonly double[] One = [-0.00171614, 0.01322056, 0.03063862, -0.01422057, -0.00489779, 0.01268925, -0.03357711, 0.01797036];
    static readonly double[] Two = [0.01846232, 0.00793951, -0.01448395, 0.00422537, -0.00339611, 0.03756813, 0.0151531, 0.03549769];

    static double[] Flat(int n) => Enumerable.Repeat(0.01, n).ToArray();

    static void Equal(double expected, double actual, int decimals = Decimals)
    {
        if (double.IsNaN(expected) || double.IsInfinity(expected)) Approx.Equal(expected, actual);
        else Assert.Equal(expected, actual, decimals);
    }

    [Fact]
    public void Cum_returns_final()
    {
        Equal(0.03893, Stats.Comp(Mixed9), 4);
        Equal(-0.36590, Stats.Comp(NegativeReturns), 4);
        Equal(0.01, Stats.Comp([0.01]));
    }

    [Fact]
    public void Max_drawdown()
    {
        Equal(0.0, Stats.MaxDrawdown([0.01]));
        Equal(0.0, Stats.MaxDrawdown(SimpleBenchmark));
        Equal(-0.1, Stats.MaxDrawdown(Mixed9));
        Equal(0.0, Stats.MaxDrawdown(PositiveReturns));
        Equal(-0.36590730349873601, Stats.MaxDrawdown(NegativeReturns));
        Equal(Stats.Comp(AllNegativeReturns), Stats.MaxDrawdown(AllNegativeReturns));
        Equal(-0.10, Stats.MaxDrawdown(Pct(10, -10, 10)));
    }

    [Fact]
    public void Annual_return_and_cagr()
    {
        Equal(1.9135925373194231, Stats.Cagr(Mixed9));
        Equal(0.24690830513998208, Stats.Cagr(Mixed9, 52));
        Equal(0.052242061386048144, Stats.Cagr(Mixed9, 12));
        Equal(11.274002099240244, Stats.Cagr([0.01]));
        Equal(11.274002099240256, Stats.Cagr(Flat(1000)));
        Equal(0.03, Stats.Cagr(Pct(3, 3, 3), 1));
    }

    [Fact]
    public void Annual_volatility()
    {
        Equal(0.0, Stats.Volatility(Flat(1000)));
        Equal(0.9136465399704637, Stats.Volatility(Mixed8));
        Equal(0.38851569394870583, Stats.Volatility(Mixed9, 52));
        Equal(0.18663690238892558, Stats.Volatility(Mixed9, 12));
    }

    [Fact]
    public void Calmar()
    {
        Equal(double.NaN, Stats.Calmar([]));
        Equal(19.135925373194233, Stats.Calmar(Mixed9));
        Equal(2.4690830513998208, Stats.Calmar(Mixed9, 52));
        Equal(0.52242061386048144, Stats.Calmar(Mixed9, 12));
    }

    [Fact]
    public void Omega()
    {
        Equal(double.NaN, Stats.Omega([]));
        Equal(double.NaN, Stats.Omega([0.01]));
        Equal(0.83354263497557934, Stats.Omega(Mixed8, 0, 10));
        Equal(double.NaN, Stats.Omega(Mixed8, 0, -10));
        // empyrical's risk_free is per period; QuantStats' rf is annual: pass (1 + rf_p)^252 − 1
        Equal(0.8125, Stats.Omega(Mixed8, Math.Pow(1.01, 252) - 1));
        Equal(1.125, Stats.Omega(PositiveReturns, Math.Pow(1.011, 252) - 1));
        Equal(0.0, Stats.Omega(PositiveReturns, Math.Pow(1.02, 252) - 1));
        Equal(0.0, Stats.Omega(NegativeReturns, Math.Pow(1.01, 252) - 1));
    }

    [Fact]
    public void Sharpe_ratio()
    {
        Equal(double.NaN, Stats.Sharpe([]));
        Equal(double.NaN, Stats.Sharpe([0.01]));
        Equal(1.7238613961706866, Stats.Sharpe(Mixed8));
        Equal(52.915026221291804, Stats.Sharpe(PositiveReturns));
        Equal(-24.406808633910085, Stats.Sharpe(NegativeReturns));
        Equal(double.PositiveInfinity, Stats.Sharpe(Flat(9)));
    }

    [Fact]
    public void Downside_risk()
    {
        Equal(double.NaN, Stats.DownsideRisk([]));
        Equal(0.0, Stats.DownsideRisk([0.01]));
        Equal(0.60448325038829653, Stats.DownsideRisk([double.NaN, .. Mixed8]));
        Equal(1.7161730681956295, Stats.DownsideRisk([double.NaN, .. Mixed8], 0.1));
        Equal(0.25888650451930134, Stats.DownsideRisk(Mixed9, 0, 52));
        Equal(0.7733045971672482, Stats.DownsideRisk(Mixed9, 0.1, 52));
        Equal(0.1243650540411842, Stats.DownsideRisk(Mixed9, 0, 12));
        Equal(0.37148351242013422, Stats.DownsideRisk(Mixed9, 0.1, 12));
        Equal(0.20671788246185202, Stats.DownsideRisk(One));
        Equal(0.083495680595704475, Stats.DownsideRisk(Two));
        Equal(0.093902996054410062, Stats.DownsideRisk(One, 0, 52));
        Equal(0.037928477556776516, Stats.DownsideRisk(Two, 0, 52));
        Equal(0.045109540184877193, Stats.DownsideRisk(One, 0, 12));
        Equal(0.018220251263412916, Stats.DownsideRisk(Two, 0, 12));
    }

    [Fact]
    public void Sortino_ratio()
    {
        Equal(double.NaN, Stats.Sortino([]));
        Equal(double.NaN, Stats.Sortino([0.01]));
        Equal(2.605531251673693, Stats.Sortino(Mixed8));
        Equal(-13.532743075043401, Stats.Sortino(NegativeReturns));
        Equal(3.0639640966566306, Stats.Sortino(One));
        Equal(38.090963117002495, Stats.Sortino(Two));
        // required_return = flat_line_1 (0.01 per period) ↔ annual rf (1.01^252 − 1)
        Equal(-1.3934779588919977, Stats.Sortino(Mixed8, Math.Pow(1.01, 252) - 1));
        // empyrical gives +∞ without a losing period; QuantStats (and Quarry, spec §8) give NaN
        Equal(double.NaN, Stats.Sortino(PositiveReturns));
    }

    [Fact]
    public void Excess_sharpe_is_the_information_ratio()
    {
        Equal(double.NaN, Stats.InformationRatio([], []));
        Equal(double.NaN, Stats.InformationRatio([0.01], [0.0]));
        Equal(0.10859306069076737, Stats.InformationRatio(Mixed8, new double[8]));
        Equal(-0.06515583641446039, Stats.InformationRatio(Mixed8, Flat(8)));
    }

    [Fact]
    public void Alpha_beta()
    {
        double[] minus = Array.ConvertAll(Mixed8, v => -v);
        Equal(0.0, Stats.AlphaCompounded(Mixed8, Mixed8));
        Equal(1.0, Stats.Beta(Mixed8, Mixed8));
        Equal(0.0, Stats.AlphaCompounded(Mixed8, minus));
        Equal(-1.0, Stats.Beta(Mixed8, minus));
        Equal(double.NaN, Stats.AlphaCompounded([0.01], [0.01]));
        Equal(double.NaN, Stats.AlphaCompounded(Mixed8, Flat(8)));   // zero-variance benchmark
        // down_alpha_beta(mixed[1:], negative[1:]) and up_alpha_beta(mixed[1:], positive[1:])
        var (downAlpha, downBeta) = Stats.DownAlphaBeta(Mixed8, NegativeReturns[1..]);
        Equal(-0.9997853834885004, downAlpha);
        Equal(-0.71296296296296313, downBeta);
        var (upAlpha, upBeta) = Stats.UpAlphaBeta(Mixed8, PositiveReturns[1..]);
        Equal(0.432961242076658, upAlpha);
        Equal(0.4285714285, upBeta);
    }

    [Fact]
    public void Stability_of_timeseries()
    {
        Equal(double.NaN, Stats.StabilityOfTimeseries([]));
        Equal(double.NaN, Stats.StabilityOfTimeseries([0.01]));
        Equal(0.1529973665111273, Stats.StabilityOfTimeseries([double.NaN, .. Mixed8]));
        Equal(1.0, Stats.StabilityOfTimeseries(Flat(1000)));
    }

    [Fact]
    public void Tail_ratio()
    {
        Equal(double.NaN, Stats.TailRatio([]));
        Equal(1.0, Stats.TailRatio([0.01]));
        // mixed_returns with its NaN as 0: q95 = 0.03 + 0.6 · 0.07 = 0.072, q05 = −0.10 + 0.4 · 0.06 = −0.076 → 18/19
        Equal(0.9473684210526313, Stats.TailRatio(Mixed9));
    }

    [Fact]
    public void Beta_fragility_heuristic()
    {
        Equal(double.NaN, Stats.BetaFragilityHeuristic([0.01], [0.01]));
        Equal(0.0, Stats.BetaFragilityHeuristic(PositiveReturns, SimpleBenchmark));
        Equal(-0.029999999999999999, Stats.BetaFragilityHeuristic(NegativeReturns, SimpleBenchmark));
    }

    [Fact]
    public void Capture_ratios()
    {
        Equal(double.NaN, Stats.Capture([], []));
        Equal(1.0, Stats.Capture([0.01], [0.01]));
        Equal(1.0, Stats.Capture(Mixed9, Mixed9));
        Equal(-0.52257643222960259, Stats.Capture(AllNegativeReturns, Mixed9));
        Equal(1.0, Stats.UpCapture([0.01], [0.01]));
        Equal(1.0, Stats.UpCapture(Mixed9, Mixed9));
        Equal(0.0076167762, Stats.UpCapture(PositiveReturns, Mixed9));
        Equal(-0.0004336328, Stats.UpCapture(AllNegativeReturns, Mixed9));
        Equal(double.NaN, Stats.DownCapture([0.01], [0.01]));
        Equal(1.0, Stats.DownCapture(Mixed9, Mixed9));
        Equal(0.99956025703798634, Stats.DownCapture(AllNegativeReturns, Mixed9));
        Equal(-11.27400221, Stats.DownCapture(PositiveReturns, Mixed9));
        Equal(-0.0006756053495, Stats.UpDownCapture(PositiveReturns, Mixed9));
        Equal(-0.0004338236, Stats.UpDownCapture(AllNegativeReturns, Mixed9));
    }

    [Fact]
    public void Conditional_value_at_risk_of_one_value_is_that_value()
    {
        Equal(0.0123, Stats.ConditionalValueAtRiskHistorical([0.0123], 0));
        Equal(0.0123, Stats.ConditionalValueAtRiskHistorical([0.0123], 1));
    }

    [Fact]
    public void Aggregate_returns()
    {
        // simple_benchmark, daily from 2000-01-30: monthly [0.01, 0.030301], yearly 0.04060401
        var days = Fixtures.Days(9, 2000, 1, 30);
        var months = Stats.AggregateReturns(days, SimpleBenchmark, AggregationPeriod.Month);
        Equal(0.01, months[0]);
        Equal(0.03030099999999991, months[1]);
        Equal(0.040604010000000024, Stats.AggregateReturns(days, SimpleBenchmark, AggregationPeriod.Year)[0]);
        // monthly_returns (month ends from 2000-01-31): quarterly [0.111, 0.008576, −0.07282], yearly 0.0389310917
        var monthEnds = new DateTime[9];
        for (int i = 0; i < 9; i++) monthEnds[i] = new DateTime(2000, i + 1, DateTime.DaysInMonth(2000, i + 1));
        var quarters = Stats.AggregateReturns(monthEnds, Mixed9, AggregationPeriod.Quarter);
        Equal(0.11100000000000021, quarters[0]);
        Equal(0.008575999999999917, quarters[1]);
        Equal(-0.072819999999999996, quarters[2]);
        Equal(0.038931091700480147, Stats.AggregateReturns(monthEnds, Mixed9, AggregationPeriod.Year)[0]);
    }

    [Fact]
    public void Rolling_sharpe_ratio()
    {
        // roll_sharpe_ratio(negative_returns, window = 6) = [−18.09162052, −26.79897486, −26.69138263, −25.72298838]
        var destination = new double[9];
        Rolling.Sharpe(NegativeReturns, 6, 252, destination);
        for (int i = 0; i < 5; i++) Assert.True(double.IsNaN(destination[i]));
        Equal(-18.09162052, destination[5]);
        Equal(-26.79897486, destination[6]);
        Equal(-26.69138263, destination[7]);
        Equal(-25.72298838, destination[8]);
    }
}
