using Quarry.Analytics.Metrics;
using static Quarry.Analytics.Tests.Metrics.Fixtures;

namespace Quarry.Analytics.Tests.Metrics;

/// <summary>
/// Golden values for the per-period win/loss statistics (spec §5.3). A has wins 0.02, 0.03, 0.01, 0.04 (Σ 0.10),
/// losses −0.01, −0.02, −0.03 (Σ −0.06) and one zero.
/// </summary>
public class WinLossTests
{
    [Fact]
    public void Win_rate_excludes_zero_returns()
    {
        Approx.Equal(4.0 / 7, Stats.WinRate(A));                  // 4 wins / 7 non-zero
        Assert.Equal(0, Stats.WinRate([0.0, 0.0]));
    }

    [Fact]
    public void Averages_of_returns_wins_and_losses()
    {
        Approx.Equal(0.04 / 7, Stats.AvgReturn(A));               // mean{r ≠ 0}
        Approx.Equal(0.025, Stats.AvgWin(A));                     // 0.10 / 4
        Approx.Equal(-0.02, Stats.AvgLoss(A));                    // −0.06 / 3
    }

    [Fact]
    public void Payoff_ratio_is_average_win_over_average_loss()
    {
        Approx.Equal(1.25, Stats.PayoffRatio(A));                 // 0.025 / 0.02
    }

    [Fact]
    public void Profit_factor_counts_zeros_as_wins_and_handles_no_losses()
    {
        Approx.Equal(0.10 / 0.06, Stats.ProfitFactor(A));         // 1.6667
        Assert.Equal(double.PositiveInfinity, Stats.ProfitFactor([0.01, 0.0]));
        Assert.Equal(0, Stats.ProfitFactor([0.0, 0.0]));
    }

    [Fact]
    public void Profit_ratio_divides_mean_per_count_of_wins_by_that_of_losses()
    {
        // W = {r ≥ 0}: 5 values, mean 0.02, /5 = 0.004; L: mean −0.02, /3 = −0.0066667 → 0.004 / 0.0066667 = 0.6
        Approx.Equal(0.6, Stats.ProfitRatio(A), 1e-12);
        Assert.Equal(0, Stats.ProfitRatio([-0.01, -0.02]));       // no win: 0
        Assert.True(double.IsNaN(Stats.ProfitRatio([0.01, 0.0]))); // no loss: NaN
    }

    [Fact]
    public void Gain_to_pain_is_the_sum_over_the_sum_of_losses()
    {
        Approx.Equal(0.04 / 0.06, Stats.GainToPainRatio(A));      // = profit factor − 1
    }

    [Fact]
    public void Gain_to_pain_resamples_by_summing()
    {
        var (time, r) = ReturnStatsTests.MonthlySeries();
        // daily: Σ = 0.01, losses −0.02 − 0.01 − 0.03 = −0.06 → 1/6
        Approx.Equal(0.01 / 0.06, Stats.GainToPainRatio(time, r, AggregationPeriod.Day), 1e-12);
        // monthly sums: Dec −0.01, Jan 0.03, Feb −0.01 → 0.01 / 0.02 = 0.5
        Approx.Equal(0.5, Stats.GainToPainRatio(time, r, AggregationPeriod.Month), 1e-12);
    }

    [Fact]
    public void Cpc_index_multiplies_profit_factor_win_rate_and_payoff()
    {
        Approx.Equal(0.10 / 0.06 * (4.0 / 7) * 1.25, Stats.CpcIndex(A), 1e-12);   // 1.1904761905
    }

    [Fact]
    public void Kelly_criterion_from_win_rate_and_payoff()
    {
        // (1.25 · 4/7 − 3/7) / 1.25 = (5/7 − 3/7) / 1.25 = 0.2285714286
        Approx.Equal(2.0 / 7 / 1.25, Stats.KellyCriterion(A), 1e-12);
    }

    [Fact]
    public void Risk_of_ruin_raises_the_loss_odds_to_the_number_of_periods()
    {
        // ((1 − 4/7)/(1 + 4/7))^8 = (3/11)^8 = 6561 / 214358881 = 3.0607e-5
        Approx.Equal(6561.0 / 214358881, Stats.RiskOfRuin(A), 1e-12);
    }

    [Fact]
    public void Consecutive_runs_are_broken_by_zero_returns()
    {
        // + + 0 + + + − − − +  → longest win run 3 (the zero ends the first), longest loss run 3
        double[] r = [0.01, 0.02, 0, 0.03, 0.01, 0.02, -0.01, -0.02, -0.01, 0.01];
        Assert.Equal(3, Stats.ConsecutiveWins(r));
        Assert.Equal(3, Stats.ConsecutiveLosses(r));
        Assert.Equal(1, Stats.ConsecutiveWins(A));
        Assert.Equal(1, Stats.ConsecutiveLosses(A));
        Assert.Equal(2, Stats.ConsecutiveWins([0.01, 0.01, 0, 0.01]));
    }
}
