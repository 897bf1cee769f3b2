using Quarry.Analytics.Metrics;
using static Quarry.Analytics.Tests.Metrics.Fixtures;

namespace Quarry.Analytics.Tests.Metrics;

/// <summary>
/// Golden values for the drawdown metrics (spec §1 equity and drawdown, §5.2). Drawdowns of A (equity in Fixtures):
/// peaks 1.02, 1.040094, 1.070664442848 → dd = [0, −0.01, 0, −0.02, −0.0102, −0.0102, 0, −0.03]
/// (1.0294850412 / 1.040094 = 0.9898).
/// </summary>
public class DrawdownTests
{
    static readonly double[] DdA = [0, -0.01, 0, -0.02, -0.0102, -0.0102, 0, -0.03];

    [Fact]
    public void Drawdown_series_starts_from_a_phantom_baseline_of_one()
    {
        var dd = new double[A.Length];
        Stats.ToDrawdownSeries(A, dd);
        for (int t = 0; t < dd.Length; t++) Approx.Equal(DdA[t], dd[t], 1e-12, 1e-15);
    }

    [Fact]
    public void A_first_period_loss_is_a_drawdown()
    {
        // W_0 = 1 before the first return: [−0.1, 0.1, 0.1] → equity 0.9, 0.99, 1.089 → dd −0.1, −0.01, 0
        Approx.Equal(-0.1, Stats.MaxDrawdown([-0.1, 0.1, 0.1]));
        // empyrical test_max_drawdown: [0.1, −0.1, 0.1] → −0.1
        Approx.Equal(-0.1, Stats.MaxDrawdown([0.1, -0.1, 0.1]));
    }

    [Fact]
    public void Max_drawdown_is_the_lowest_drawdown()
    {
        Approx.Equal(-0.03, Stats.MaxDrawdown(A));
        Assert.Equal(0, Stats.MaxDrawdown([0.01, 0.02, 0]));        // never underwater
    }

    [Fact]
    public void Ulcer_index_divides_by_n_minus_one()
    {
        // Σ dd² = 0.0001 + 0.0004 + 2 · 0.00010404 + 0.0009 = 0.00160808; / 7 = 0.00022972571; √ = 0.0151567052583
        Approx.Equal(Math.Sqrt(0.00160808 / 7), Stats.UlcerIndex(A), 1e-12);
    }

    [Fact]
    public void Ulcer_performance_index_uses_the_total_compounded_return()
    {
        // comp / ulcer = 0.03854450956256 / 0.0151567052583 = 2.54306651121
        Approx.Equal(CompA / Math.Sqrt(0.00160808 / 7), Stats.UlcerPerformanceIndex(A), 1e-11);
        // rf is subtracted once from the total: (comp − 0.01) / ulcer
        Approx.Equal((CompA - 0.01) / Math.Sqrt(0.00160808 / 7), Stats.UlcerPerformanceIndex(A, 0.01), 1e-11);
    }

    [Fact]
    public void Serenity_index_uses_the_sum_of_returns_and_the_cvar_of_drawdowns()
    {
        // mean(dd) = −0.0804/8 = −0.01005, std(dd) = 0.0106908506 (ddof 1);
        // var(dd) = −0.01005 + 0.0106908506 · (−1.6448536270) = −0.0276348843 → only −0.03 is below → cvar(dd) = −0.03
        // pitfall = 0.03 / std(r) = 0.03 / √0.0006 = √1.5 = 1.2247448714
        // serenity = Σr / (ulcer · pitfall) = 0.04 / (0.0151567052583 · 1.2247448714) = 2.1548128489
        double ulcer = Math.Sqrt(0.00160808 / 7);
        Approx.Equal(0.04 / (ulcer * Math.Sqrt(1.5)), Stats.SerenityIndex(A), 1e-11);
        Approx.Equal(2.1548128488751837, Stats.SerenityIndex(A), 1e-10);
    }

    [Fact]
    public void Recovery_factor_uses_the_sum_of_returns()
    {
        Approx.Equal(0.04 / 0.03, Stats.RecoveryFactor(A));          // |Σr| / |max dd|
        Approx.Equal(0.03 / 0.03, Stats.RecoveryFactor(A, 0.01));    // |0.04 − 0.01| / 0.03
    }

    [Fact]
    public void Episodes_of_A_give_the_drawdown_summary()
    {
        // episodes: {t1} min −0.01, {t3..t5} min −0.02, {t7} min −0.03 (open at the end)
        Approx.Equal(-0.02, Stats.AvgDrawdown(A));                  // (−0.01 − 0.02 − 0.03) / 3
        var days = Days(A.Length);
        Assert.Equal(3.0, Stats.LongestDrawdownDays(days, A));         // Jan 4 .. Jan 6 → 2 + 1
        Approx.Equal(2, Stats.AvgDrawdownDays(days, A));             // (1 + 3 + 1) / 3 = 1.67 → 2
    }

    [Fact]
    public void Drawdown_days_are_calendar_days_across_weekends()
    {
        // Mon 01-01 −1 % (first-row episode, recovers on 01-02), 01-02 +2 %, 01-03 +1 % (peak 1.019898),
        // Thu 01-04 −1 %, Fri 01-05 −1 %, Mon 01-08 +0.5 %, Tue 01-09 +3 % (new peak 1.03473804), Wed 01-10 −2 %
        DateTime[] time = [new(2024, 1, 1), new(2024, 1, 2), new(2024, 1, 3), new(2024, 1, 4), new(2024, 1, 5),
            new(2024, 1, 8), new(2024, 1, 9), new(2024, 1, 10)];
        double[] r = [-0.01, 0.02, 0.01, -0.01, -0.01, 0.005, 0.03, -0.02];
        // episodes: 01-01 (1 day, −0.01); 01-04..01-08 ((8 − 4) + 1 = 5 days, min 0.99² − 1 = −0.0199); 01-10 (1 day, −0.02)
        Assert.Equal(5.0, Stats.LongestDrawdownDays(time, r));
        Approx.Equal(2, Stats.AvgDrawdownDays(time, r));             // 7/3 = 2.33 → 2
        Approx.Equal((-0.01 - 0.0199 - 0.02) / 3, Stats.AvgDrawdown(r), 1e-12);
        Approx.Equal(-0.02, Stats.MaxDrawdown(r), 1e-12);
    }

    [Fact]
    public void Average_drawdown_days_round_half_to_even_as_numpy()
    {
        // episodes of 2 and 3 days → 2.5 → 2
        double[] r = [-0.01, -0.01, 0.05, -0.01, -0.01, -0.01, 0.05];
        Approx.Equal(2, Stats.AvgDrawdownDays(Days(r.Length), r));
        // episodes of 3 and 4 days → 3.5 → 4
        double[] s = [-0.01, -0.01, -0.01, 0.05, -0.01, -0.01, -0.01, -0.01, 0.06];
        Approx.Equal(4, Stats.AvgDrawdownDays(Days(s.Length), s));
    }

    [Fact]
    public void An_episode_starting_on_the_first_row_is_reported()
    {
        // QuantStats' drawdown_details returns nothing here (its first-row quirk); the spec recommends reporting it.
        double[] r = [-0.01, -0.01];
        Assert.Equal(2.0, Stats.LongestDrawdownDays(Days(2), r));
        Approx.Equal(0.99 * 0.99 - 1, Stats.AvgDrawdown(r), 1e-12);
    }

    [Fact]
    public void Without_drawdown_the_summary_is_zero()
    {
        double[] r = [0.01, 0.02, 0.0];
        Assert.Equal(0, Stats.AvgDrawdown(r));
        Assert.Equal(0.0, Stats.LongestDrawdownDays(Days(3), r));
        Assert.Equal(0, Stats.AvgDrawdownDays(Days(3), r));
        Assert.Equal(0, Stats.UlcerIndex(r));
        Assert.True(double.IsNaN(Stats.UlcerPerformanceIndex(r)));
        Assert.True(double.IsNaN(Stats.RecoveryFactor(r)));
        Assert.True(double.IsNaN(Stats.SerenityIndex(r)));
        Assert.Equal(double.PositiveInfinity, Stats.Calmar(r));
    }
}
