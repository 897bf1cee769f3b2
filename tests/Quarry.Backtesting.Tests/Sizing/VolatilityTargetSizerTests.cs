using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Orders;
using Quarry.Backtesting.Sizing;

namespace Quarry.Backtesting.Tests.Sizing;

public class VolatilityTargetSizerTests
{
    // Closes 100, 110, 99: returns +0.1 and −0.1; sample variance ((0.1 − 0)² + (−0.1 − 0)²) / (2 − 1) = 0.02;
    // annualised with 50 periods per year: √(0.02 × 50) = √1 = 1.
    static readonly Core.BarSeries Swing = Bars.Flat(100, 110, 99, 100);

    static SizingContext At(int signalBar, Core.BarSeries series) => new(series, signalBar, 100, 1e5, 1e5, double.NaN, 0, 0, 0, 0);

    static double Weight(OrderSize size)
    {
        Assert.Equal(SizeKind.PercentOfEquity, size.Kind);
        return size.Amount;
    }

    [Fact]
    public void Weight_is_target_over_annualised_volatility()
    {
        // 0.15 / 1 = 0.15
        AssertClose.Equal(0.15, Weight(new VolatilityTargetSizer(0.15, lookback: 2, maxLeverage: 1, periodsPerYear: 50).Size(At(2, Swing))), 1e-12);
    }

    [Fact]
    public void Weight_is_capped_at_max_leverage()
    {
        // 2 / 1 = 2 > 1.5 → 1.5
        Assert.Equal(1.5, Weight(new VolatilityTargetSizer(2, lookback: 2, maxLeverage: 1.5, periodsPerYear: 50).Size(At(2, Swing))));
    }

    [Fact]
    public void Zero_volatility_gives_max_leverage() =>
        Assert.Equal(1, Weight(new VolatilityTargetSizer(0.15, lookback: 2).Size(At(2, Bars.Flat(100, 100, 100)))));

    [Fact]
    public void Too_little_history_sizes_zero_shares() =>
        // signal bar 1 < lookback 2: only one return is known
        Assert.Equal(OrderSize.Shares(0), new VolatilityTargetSizer(0.15, lookback: 2).Size(At(1, Swing)));

    [Fact]
    public void Only_returns_up_to_the_signal_bar_are_used()
    {
        // bar 3 (a huge move) is after the signal bar 2 and must not change the weight
        var spiked = Bars.Flat(100, 110, 99, 1000);
        var sizer = new VolatilityTargetSizer(0.15, lookback: 2, maxLeverage: 1, periodsPerYear: 50);
        Assert.Equal(sizer.Size(At(2, Swing)), sizer.Size(At(2, spiked)));
    }

    [Fact]
    public void GoLong_in_a_backtest_buys_the_weight_of_equity()
    {
        // signal at bar 2: weight 0.15; equity 100,050 → 0.15 × 100,050 / open 100 = 150.075 → 150 shares
        var sizer = new VolatilityTargetSizer(0.15, lookback: 2, maxLeverage: 1, periodsPerYear: 50);
        var result = Run.On(Swing, new ScriptedStrategy().GoLong(2), new BacktestOptions { InitialCash = 100_050, Sizer = sizer });
        Assert.Equal(150, result.Filled().Quantity);
    }
}
