using Quarry.Analytics.Metrics;
using static Quarry.Analytics.Tests.Metrics.Fixtures;

namespace Quarry.Analytics.Tests.Metrics;

/// <summary>Golden values for comp, cagr, expected_return, exposure, rar, best/worst and the series helpers (spec §3, §5.3–5.5, §5.7).</summary>
public class ReturnStatsTests
{
    [Fact]
    public void Comp_is_the_compounded_total_return()
    {
        // spec §3 comp = Π(1 + r) − 1:
        // 1.02 · 0.99 = 1.0098; · 1.03 = 1.040094; · 0.98 = 1.01929212; · 1.01 = 1.0294850412; · 1.00;
        // · 1.04 = 1.070664442848; · 0.97 = 1.03854450956256  →  comp = 0.03854450956256
        Approx.Equal(0.03854450956256, Stats.Comp(A));
    }

    [Fact]
    public void Cagr_counts_years_in_rows()
    {
        // spec §3 cagr = |1 + comp|^(1/Y) − 1, Y = N/A = 8/252:
        // ln(1.03854450956256) = 0.0378207..., × 252/8 = 31.5 → 1.191353...; e^1.191353 = 3.2914790... → 2.2914790432843
        Approx.Equal(2.291479043284348, Stats.Cagr(A), 1e-11);
        Approx.Equal(Math.Pow(1 + Reference.Comp(A), 31.5) - 1, Stats.Cagr(A));
        // periods = 12: 1.03854450956256^(12/8) − 1 = 1.03854450956256 · √1.03854450956256 − 1 = 0.058371...
        Approx.Equal(Math.Pow(1.03854450956256, 1.5) - 1, Stats.Cagr(A, 12));
    }

    [Fact]
    public void Cagr_uncompounded_uses_the_sum_of_returns()
    {
        // compounded = False: (1 + Σr)^(1/Y) − 1 = 1.04^31.5 − 1
        Approx.Equal(Math.Pow(1.04, 31.5) - 1, Stats.Cagr(A, 252, compounded: false));
    }

    [Fact]
    public void Cagr_of_one_year_of_three_percent_years()
    {
        // empyrical test_cagr: [0.03, 0.03, 0.03] yearly (A = 1) → 1.03³^(1/3) − 1 = 0.03
        Approx.Equal(0.03, Stats.Cagr([0.03, 0.03, 0.03], 1));
    }

    [Fact]
    public void Expected_return_is_the_geometric_mean_per_period()
    {
        // spec §5.4: Π(1 + r)^(1/n) − 1 = 1.03854450956256^(1/8) − 1 = 0.0047387202513891
        Approx.Equal(0.004738720251389106, Stats.ExpectedReturn(A), 1e-11);
        // two periods: 1.1 · 0.9 = 0.99 → √0.99 − 1 = −0.0050125628933800
        Approx.Equal(Math.Sqrt(0.99) - 1, Stats.ExpectedReturn([0.1, -0.1]));
    }

    [Fact]
    public void Exposure_rounds_up_to_a_whole_percent()
    {
        // spec §5.5: ⌈100 · 7/8⌉ / 100 = ⌈87.5⌉ / 100 = 0.88
        Approx.Equal(0.88, Stats.Exposure(A));
        // 2 active of 7: 100·2/7 = 28.57 → 29 → 0.29
        Approx.Equal(0.29, Stats.Exposure([0, 0.01, 0, 0, -0.02, 0, 0]));
        // NaN is not exposure: 1 of 4 → 25 → 0.25
        Approx.Equal(0.25, Stats.Exposure([double.NaN, 0.01, 0, 0]));
    }

    [Fact]
    public void Exposure_takes_the_ceiling_exactly_not_of_a_rounded_product()
    {
        // 7 active of 100: ⌈100 · 7/100⌉ = 7 → 0.07. (In floating point 0.07 · 100 = 7.000000000000001, whose
        // ceiling is 8 — the spec's formula is the exact one; Quarry takes the ceiling in integers.)
        var r = new double[100];
        for (int i = 0; i < 7; i++) r[i * 10] = 0.01;
        Approx.Equal(0.07, Stats.Exposure(r));
    }

    [Fact]
    public void Rar_is_cagr_over_exposure()
    {
        // spec §5.5 rar = cagr / exposure = 2.291479043284348 / 0.88 = 2.603953458277668
        Approx.Equal(2.603953458277668, Stats.Rar(A), 1e-11);
    }

    [Fact]
    public void Rar_subtracts_the_raw_risk_free_rate_from_every_period()
    {
        // rf = 0.01 subtracted raw: x = [0.01, −0.02, 0.02, −0.03, 0, −0.01, 0.03, −0.04];
        // exposure(x) = ⌈100 · 7/8⌉/100 = 0.88, cagr(x) = (Π(1 + x))^31.5 − 1
        double[] x = [0.01, -0.02, 0.02, -0.03, 0, -0.01, 0.03, -0.04];
        Approx.Equal((Math.Pow(1 + Reference.Comp(x), 31.5) - 1) / 0.88, Stats.Rar(A, 252, rf: 0.01), 1e-10);
    }

    [Fact]
    public void Best_and_worst_are_the_extremes()
    {
        Assert.Equal(0.04, Stats.Best(A));
        Assert.Equal(-0.03, Stats.Worst(A));
    }

    [Fact]
    public void CompSum_is_the_running_compounded_return()
    {
        var destination = new double[3];
        Stats.CompSum([0.1, -0.1, 0.05], destination);
        // 1.1 − 1 = 0.1; 1.1 · 0.9 − 1 = −0.01; 0.99 · 1.05 − 1 = 0.0395
        Approx.Equal(0.1, destination[0]);
        Approx.Equal(-0.01, destination[1]);
        Approx.Equal(0.0395, destination[2]);
    }

    [Fact]
    public void Prepare_returns_replaces_NaN_and_infinities_with_zero()
    {
        double[] r = [0.01, double.NaN, double.PositiveInfinity, -0.02, double.NegativeInfinity];
        Stats.PrepareReturns(r, r);
        Assert.Equal([0.01, 0, 0, -0.02, 0], r);
    }

    [Fact]
    public void Aggregate_compounds_per_calendar_month_quarter_and_year()
    {
        // 2023-12-28 +1 %, 12-29 −2 % | 2024-01-02 +3 %, 01-03 +1 %, 01-31 −1 % | 02-01 +2 %, 02-02 −3 %
        var (time, r) = MonthlySeries();
        // Dec: 1.01 · 0.98 − 1 = −0.0102; Jan: 1.03 · 1.01 · 0.99 − 1 = 0.029897; Feb: 1.02 · 0.97 − 1 = −0.0106
        var months = Stats.AggregateReturns(time, r, AggregationPeriod.Month);
        Assert.Equal(3, months.Length);
        Approx.Equal(-0.0102, months[0]);
        Approx.Equal(0.029897, months[1]);
        Approx.Equal(-0.0106, months[2]);
        // Q4 2023 = Dec; Q1 2024 = 1.029897 · 0.9894 − 1 = 0.0189800918
        var quarters = Stats.AggregateReturns(time, r, AggregationPeriod.Quarter);
        Approx.Equal(-0.0102, quarters[0]);
        Approx.Equal(0.0189800918, quarters[1]);
        var years = Stats.AggregateReturns(time, r, AggregationPeriod.Year);
        Assert.Equal(2, years.Length);
        Approx.Equal(0.0189800918, years[1]);
        // Summed instead of compounded: Dec −0.01, Jan 0.03, Feb −0.01
        var sums = Stats.AggregateReturns(time, r, AggregationPeriod.Month, compounded: false);
        Approx.Equal(-0.01, sums[0]);
        Approx.Equal(0.03, sums[1]);
        Approx.Equal(-0.01, sums[2]);
    }

    [Fact]
    public void Aggregated_statistics_follow_from_the_aggregated_series()
    {
        var (time, r) = MonthlySeries();
        var months = Stats.AggregateReturns(time, r, AggregationPeriod.Month);
        // expected monthly = ((1 − 0.0102)(1.029897)(1 − 0.0106))^(1/3) − 1 = 1.0085864948636^(1/3) − 1 = 0.0028540118220592
        Approx.Equal(0.0028540118220592436, Stats.ExpectedReturn(months), 1e-10);
        Approx.Equal(0.029897, Stats.Best(months));
        Approx.Equal(-0.0106, Stats.Worst(months));
        Approx.Equal(1.0 / 3, Stats.WinRate(months));          // 1 up month of 3
        Approx.Equal(-0.0104, Stats.AvgLoss(months));          // (−0.0102 − 0.0106) / 2
    }

    internal static (DateTime[] Time, double[] Returns) MonthlySeries()
    {
        DateTime[] time =
        [
            new(2023, 12, 28), new(2023, 12, 29), new(2024, 1, 2), new(2024, 1, 3), new(2024, 1, 31), new(2024, 2, 1),
            new(2024, 2, 2),
        ];
        return (time, [0.01, -0.02, 0.03, 0.01, -0.01, 0.02, -0.03]);
    }
}
