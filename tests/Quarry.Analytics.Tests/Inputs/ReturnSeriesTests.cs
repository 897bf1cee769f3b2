using Quarry.Analytics.Inputs;
using Quarry.Core;
using static Quarry.Analytics.Tests.TestData;

namespace Quarry.Analytics.Tests.Inputs;

public class ReturnSeriesTests
{
    [Fact]
    public void FromEquity_with_initial_value_keeps_every_point()
    {
        // r = [100/100 − 1, 110/100 − 1, 99/110 − 1] = [0, 0.1, −0.1]
        var equity = Series("eq", ["2020-01-01", "2020-01-02", "2020-01-03"], [100, 110, 99]);
        var r = ReturnSeries.FromEquity(equity, initialValue: 100);
        Assert.Equal(equity.Time, r.Time);
        Close([0, 0.1, -0.1], r.Values, 1e-15);
    }

    [Fact]
    public void FromEquity_without_initial_value_drops_the_first_point()
    {
        var equity = Series("eq", ["2020-01-01", "2020-01-02", "2020-01-03"], [100, 110, 99]);
        var r = ReturnSeries.FromEquity(equity);
        Assert.Equal(Dates("2020-01-02", "2020-01-03"), r.Time);
        Close([0.1, -0.1], r.Values, 1e-15);
        Assert.Equal("eq", r.Name);
    }

    [Fact]
    public void FromEquity_single_point_without_initial_value_is_empty()
    {
        Assert.Equal(0, ReturnSeries.FromEquity(Series("eq", ["2020-01-01"], [100])).Count);
        Assert.Equal(0, ReturnSeries.FromEquity(Series("eq", [], [])).Count);
        Assert.Equal(0, ReturnSeries.FromEquity(Series("eq", [], []), 100).Count);
    }

    [Fact]
    public void FromPrices_bars_uses_close_to_close()
    {
        // closes 50 → 55 → 44: r = [0.1, −0.2]
        var time = Dates("2020-01-01", "2020-01-02", "2020-01-03");
        double[] close = [50, 55, 44];
        var bars = new BarSeries("SPY", time, close, close, close, close, [0, 0, 0]);
        var r = ReturnSeries.FromPrices(bars);
        Assert.Equal("SPY", r.Name);
        Assert.Equal(time[1..], r.Time);
        Close([0.1, -0.2], r.Values, 1e-15);
    }

    [Fact]
    public void FromReturns_replaces_non_finite_by_zero_and_counts_them()
    {
        var raw = Series("strat", ["2020-01-01", "2020-01-02", "2020-01-03", "2020-01-06"], [0.01, double.NaN, double.PositiveInfinity, -0.02]);
        var prepared = ReturnSeries.FromReturns(raw);
        Assert.Equal([0.01, 0, 0, -0.02], prepared.Returns.Values);
        Assert.Equal(2, prepared.NonFiniteReplaced);
        Assert.Equal("replaced 2 non-finite strat returns with 0 (first on 2020-01-02)", prepared.Message);
        Assert.True(double.IsNaN(raw.Values[1]));   // input untouched
    }

    [Fact]
    public void FromReturns_clean_series_has_empty_message()
    {
        var prepared = ReturnSeries.FromReturns(Series("s", ["2020-01-01"], [0.01]));
        Assert.Equal(0, prepared.NonFiniteReplaced);
        Assert.Equal("", prepared.Message);
    }
}
