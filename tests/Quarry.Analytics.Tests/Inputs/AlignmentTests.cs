using Quarry.Analytics.Inputs;
using Quarry.Core;
using static Quarry.Analytics.Tests.TestData;

namespace Quarry.Analytics.Tests.Inputs;

public class AlignmentTests
{
    [Fact]
    public void Identical_dates_align_as_is()
    {
        string[] d = ["2020-01-01", "2020-01-02", "2020-01-03"];
        var a = Alignment.Align(Series("s", d, [0.01, 0.02, 0.03]), Series("b", d, [0.1, 0.2, 0.3]));
        Assert.Equal(Dates(d), a.Time);
        Assert.Equal([0.01, 0.02, 0.03], a.Strategy);
        Assert.Equal([0.1, 0.2, 0.3], a.Benchmark);
        Assert.Equal(DroppedDates.None, a.DroppedStrategy);
        Assert.Equal(DroppedDates.None, a.DroppedBenchmark);
        Assert.Equal(BenchmarkAlignment.CommonDates, a.Method);
        Assert.Equal("strategy and benchmark share all 3 dates", a.Message);
    }

    [Fact]
    public void Strategy_dates_missing_from_benchmark_are_dropped_and_named()
    {
        // The strategy has 2001-09-12..14 (the market was closed); the benchmark has 2 extra dates before and 3 after.
        // The benchmark has no date inside the strategy's range that the strategy lacks, so Auto takes the common dates.
        var s = Series("s", ["2001-09-10", "2001-09-11", "2001-09-12", "2001-09-13", "2001-09-14", "2001-09-17"],
            [0.01, 0.02, 0.03, 0.04, 0.05, 0.06]);
        var b = Series("b", ["2001-09-06", "2001-09-07", "2001-09-10", "2001-09-11", "2001-09-17", "2001-09-18", "2001-09-19", "2001-09-20"],
            [1, 2, 3, 4, 5, 6, 7, 8]);
        var a = Alignment.Align(s, b);
        Assert.Equal(BenchmarkAlignment.CommonDates, a.Method);
        Assert.Equal(Dates("2001-09-10", "2001-09-11", "2001-09-17"), a.Time);
        Assert.Equal([0.01, 0.02, 0.06], a.Strategy);
        Assert.Equal([3.0, 4, 5], a.Benchmark);
        Assert.Equal(new DroppedDates(3, D("2001-09-12"), D("2001-09-14")), a.DroppedStrategy);
        Assert.Equal(new DroppedDates(5, D("2001-09-06"), D("2001-09-20")), a.DroppedBenchmark);
        Assert.Equal(
            "aligned 3 dates: dropped 3 strategy dates with no benchmark return (2001-09-12..2001-09-14); 5 benchmark dates outside the strategy's range",
            a.Message);
    }

    [Fact]
    public void Large_counts_use_thousands_separators()
    {
        // 1,200 benchmark days before the strategy starts.
        var bt = BusinessDays(D("2010-01-01"), 1203);
        var b = new TimeSeries("b", bt, new double[bt.Length]);
        var s = new TimeSeries("s", bt[1200..], [0.01, 0.02, 0.03]);
        var a = Alignment.Align(s, b);
        Assert.Equal("aligned 3 dates: 1,200 benchmark dates outside the strategy's range", a.Message);
        Assert.Equal(1200, a.DroppedBenchmark.Count);
    }

    [Fact]
    public void Auto_compounds_a_daily_benchmark_onto_weekly_strategy_dates()
    {
        // Strategy on Fridays; benchmark daily. Row 0 (Fri 01-03) takes only the 01-03 benchmark return;
        // row 1 (Fri 01-10) compounds 01-06..01-10: 1.01·0.98·1.02·1.00·1.03 − 1 = 0.03985612 (hand: 1.01·0.98 = 0.9898,
        // ·1.02 = 1.009596, ·1.03 = 1.03988388); then 01-13 is outside the strategy's range.
        var s = Series("s", ["2020-01-03", "2020-01-10"], [0.05, -0.01]);
        var b = Series("b", ["2020-01-02", "2020-01-03", "2020-01-06", "2020-01-07", "2020-01-08", "2020-01-09", "2020-01-10", "2020-01-13"],
            [0.5, 0.002, 0.01, -0.02, 0.02, 0.0, 0.03, 0.7]);
        var a = Alignment.Align(s, b);
        Assert.Equal(BenchmarkAlignment.CompoundOverGaps, a.Method);
        Assert.Equal(Dates("2020-01-03", "2020-01-10"), a.Time);
        Assert.Equal([0.05, -0.01], a.Strategy);
        Assert.Equal(0.002, a.Benchmark[0], 1e-15);
        Assert.Equal(1.01 * 0.98 * 1.02 * 1.00 * 1.03 - 1, a.Benchmark[1], 1e-15);
        Assert.Equal(0.03988388, a.Benchmark[1], 1e-12);
        Assert.Equal(4, a.BenchmarkDatesCompounded);
        Assert.Equal(new DroppedDates(2, D("2020-01-02"), D("2020-01-13")), a.DroppedBenchmark);
        Assert.Equal(DroppedDates.None, a.DroppedStrategy);
        Assert.Equal(
            "aligned 2 dates: benchmark compounded over the gaps between strategy dates (4 benchmark dates the strategy lacks); 2 benchmark dates outside the strategy's range",
            a.Message);
    }

    [Fact]
    public void Common_dates_on_request_drop_benchmark_dates_inside_the_range()
    {
        var s = Series("s", ["2020-01-03", "2020-01-10"], [0.05, -0.01]);
        var b = Series("b", ["2020-01-03", "2020-01-06", "2020-01-07", "2020-01-10"], [0.002, 0.01, -0.02, 0.03]);
        var a = Alignment.Align(s, b, BenchmarkAlignment.CommonDates);
        Assert.Equal([0.002, 0.03], a.Benchmark);
        Assert.Equal(new DroppedDates(2, D("2020-01-06"), D("2020-01-07")), a.BenchmarkDroppedInsideStrategyRange);
        Assert.Equal(
            "aligned 2 dates: dropped 2 benchmark dates inside the strategy's range with no strategy return (2020-01-06..2020-01-07)",
            a.Message);
    }

    [Fact]
    public void Compounding_gives_zero_to_a_strategy_date_the_benchmark_lacks_and_carries_the_move_forward()
    {
        // Strategy 01-06, 01-07 (holiday for the benchmark), 01-08; benchmark 01-03, 01-06, 01-08 plus 01-09.
        // Explicit compounding: 01-07 gets 0, 01-08 gets the 01-08 benchmark return (no look-ahead, unlike QuantStats'
        // back-fill, which would give 01-07 the 01-08 move).
        var s = Series("s", ["2020-01-06", "2020-01-07", "2020-01-08"], [0.01, 0.02, 0.03]);
        var b = Series("b", ["2020-01-03", "2020-01-06", "2020-01-08", "2020-01-09"], [0.1, 0.2, 0.3, 0.4]);
        var a = Alignment.Align(s, b, BenchmarkAlignment.CompoundOverGaps);
        Assert.Equal(Dates("2020-01-06", "2020-01-07", "2020-01-08"), a.Time);
        Close([0.2, 0, 0.3], a.Benchmark, 1e-15);
        Assert.Equal(1, a.BenchmarkGapsFilledWithZero);
        Assert.Equal(0, a.BenchmarkDatesCompounded);
        Assert.Equal(
            "aligned 3 dates: 2 benchmark dates outside the strategy's range; 1 strategy date with no benchmark date since the previous strategy date got a benchmark return of 0",
            a.Message);
    }

    [Fact]
    public void QuantStats_mode_back_fills_and_looks_ahead()
    {
        // Same inputs as above. Benchmark prices (base 1): 01-03 1.1, 01-06 1.32, 01-08 1.716, 01-09 2.4024.
        // Back-filled onto the strategy dates: 1.32, 1.716 (01-07 takes 01-08's price), 1.716.
        // pct_change, first = 0: [0, 1.716/1.32 − 1 = 0.3, 0].
        var s = Series("s", ["2020-01-06", "2020-01-07", "2020-01-08"], [0.01, 0.02, 0.03]);
        var b = Series("b", ["2020-01-03", "2020-01-06", "2020-01-08", "2020-01-09"], [0.1, 0.2, 0.3, 0.4]);
        var a = Alignment.Align(s, b, BenchmarkAlignment.QuantStats);
        Assert.Equal(BenchmarkAlignment.QuantStats, a.Method);
        Close([0, 0.3, 0], a.Benchmark, 1e-12);
        Assert.Equal("aligned 3 dates: 2 benchmark dates outside the strategy's range", a.Message);
    }

    [Fact]
    public void QuantStats_mode_gives_the_first_date_zero_and_compounds_weekly()
    {
        // As Auto_compounds_a_daily_benchmark_onto_weekly_strategy_dates, except that row 0 gets 0 (QuantStats).
        var s = Series("s", ["2020-01-03", "2020-01-10"], [0.05, -0.01]);
        var b = Series("b", ["2020-01-02", "2020-01-03", "2020-01-06", "2020-01-07", "2020-01-08", "2020-01-09", "2020-01-10", "2020-01-13"],
            [0.5, 0.002, 0.01, -0.02, 0.02, 0.0, 0.03, 0.7]);
        var a = Alignment.Align(s, b, BenchmarkAlignment.QuantStats);
        Close([0, 1.01 * 0.98 * 1.02 * 1.00 * 1.03 - 1], a.Benchmark, 1e-12);
        Assert.Equal(
            "aligned 2 dates: benchmark prices back-filled onto the strategy's dates as QuantStats does (4 benchmark dates the strategy lacks); 2 benchmark dates outside the strategy's range",
            a.Message);
    }

    [Fact]
    public void QuantStats_mode_on_identical_dates_uses_the_benchmark_as_is()
    {
        string[] d = ["2020-01-01", "2020-01-02"];
        var a = Alignment.Align(Series("s", d, [0.01, 0.02]), Series("b", d, [0.1, 0.2]), BenchmarkAlignment.QuantStats);
        Assert.Equal([0.1, 0.2], a.Benchmark);
    }

    [Fact]
    public void Compounding_drops_strategy_dates_outside_the_benchmark_range()
    {
        var s = Series("s", ["2020-01-01", "2020-01-02", "2020-01-03", "2020-01-06"], [0.01, 0.02, 0.03, 0.04]);
        var b = Series("b", ["2020-01-02", "2020-01-03"], [0.2, 0.3]);
        var a = Alignment.Align(s, b, BenchmarkAlignment.CompoundOverGaps);
        Assert.Equal(Dates("2020-01-02", "2020-01-03"), a.Time);
        Close([0.2, 0.3], a.Benchmark, 1e-15);
        Assert.Equal(new DroppedDates(2, D("2020-01-01"), D("2020-01-06")), a.DroppedStrategy);
        Assert.Equal("aligned 2 dates: dropped 2 strategy dates outside the benchmark's range (2020-01-01..2020-01-06)", a.Message);
    }

    [Fact]
    public void Non_finite_returns_become_zero_and_are_counted()
    {
        string[] d = ["2020-01-01", "2020-01-02", "2020-01-03"];
        var a = Alignment.Align(Series("s", d, [double.NaN, 0.02, 0.03]), Series("b", d, [0.1, double.NegativeInfinity, double.NaN]));
        Assert.Equal([0, 0.02, 0.03], a.Strategy);
        Assert.Equal([0.1, 0, 0], a.Benchmark);
        Assert.Equal(1, a.StrategyNonFiniteReplaced);
        Assert.Equal(2, a.BenchmarkNonFiniteReplaced);
        Assert.Equal("aligned 3 dates: replaced 1 non-finite strategy return with 0; replaced 2 non-finite benchmark returns with 0", a.Message);
    }

    [Fact]
    public void No_overlap_gives_empty_arrays_and_says_so()
    {
        var a = Alignment.Align(Series("s", ["2020-01-01", "2020-01-02"], [0.1, 0.2]), Series("b", ["2021-01-01"], [0.3]));
        Assert.Empty(a.Time);
        Assert.Empty(a.Strategy);
        Assert.Empty(a.Benchmark);
        Assert.Equal(2, a.DroppedStrategy.Count);
        Assert.Equal(1, a.DroppedBenchmark.Count);
        Assert.Equal("no common dates: strategy 2020-01-01..2020-01-02, benchmark 2021-01-01..2021-01-01", a.Message);
    }

    [Theory]
    [InlineData(BenchmarkAlignment.Auto)]
    [InlineData(BenchmarkAlignment.CommonDates)]
    [InlineData(BenchmarkAlignment.CompoundOverGaps)]
    [InlineData(BenchmarkAlignment.QuantStats)]
    public void Empty_inputs_give_empty_output(BenchmarkAlignment method)
    {
        var a = Alignment.Align(Series("s", [], []), Series("b", [], []), method);
        Assert.Empty(a.Time);
        Assert.Equal("no common dates: strategy empty, benchmark empty", a.Message);
    }

    [Fact]
    public void Unsorted_timestamps_throw_InvalidData()
    {
        var s = Series("strat", ["2020-01-02", "2020-01-01"], [0.1, 0.2]);
        var ex = Assert.Throws<QuarryException>(() => Alignment.Align(s, Series("b", ["2020-01-01"], [0.1])));
        Assert.Equal(ErrorCode.InvalidData, ex.Code);
        Assert.Contains("'strat'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("index 1", ex.Message, StringComparison.Ordinal);
    }
}
