using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Orders;

namespace Quarry.Backtesting.Tests.Engine;

/// <summary>Market orders fill at the next open by default, or at the signal bar's close.</summary>
public class FillTimingTests
{
    static readonly Core.BarSeries Bars3 = Bars.Of((100, 100, 100, 100), (101, 105, 100, 104), (106, 107, 103, 105));

    [Fact]
    public void NextOpen_fills_at_the_next_bars_open()
    {
        var fill = Run.On(Bars3, new ScriptedStrategy().Buy(1, OrderSize.Shares(10))).Filled();
        Assert.Equal(Bars.T(1), fill.SubmittedTime);
        Assert.Equal(Bars.T(2), fill.FillTime);
        Assert.Equal(106, fill.FillPrice);
    }

    [Fact]
    public void Close_fills_at_the_signal_bars_close_at_the_submission_time()
    {
        var result = Run.On(Bars3, new ScriptedStrategy().Buy(1, OrderSize.Shares(10)), new BacktestOptions { Fill = FillTiming.Close });
        var fill = result.Filled();
        Assert.Equal(Bars.T(1), fill.SubmittedTime);
        Assert.Equal(Bars.T(1), fill.FillTime);
        Assert.Equal(104, fill.FillPrice);
        // equity at bar 1 already holds the position: 100,000 − 1,040 + 10 × 104
        Assert.Equal(100_000, result.Equity[1]);
        Assert.Equal(98_960, result.Cash[1]);
    }

    [Fact]
    public void Close_sizes_all_in_at_the_close_price()
    {
        // cash 10,000 at close 104: floor(96.15) = 96
        var result = Run.On(Bars3, new ScriptedStrategy().GoLong(1), new BacktestOptions { InitialCash = 10_000, Fill = FillTiming.Close });
        Assert.Equal(96, result.Filled().Quantity);
        Assert.Equal(104, result.Filled().FillPrice);
    }

    [Fact]
    public void Close_fills_a_market_order_submitted_at_the_last_bar()
    {
        var result = Run.On(Bars3, new ScriptedStrategy().Buy(2, OrderSize.Shares(10)), new BacktestOptions { Fill = FillTiming.Close });
        Assert.Equal(OrderStatus.Filled, Assert.Single(result.Orders).Status);
        Assert.Equal(105, result.Filled().FillPrice);
    }

    [Fact]
    public void Close_timing_does_not_change_limit_orders()
    {
        // buy limit 103 at step 1 (close 104): matched from bar 2 on; bar 2 low 103 → 103
        var result = Run.On(Bars3, new ScriptedStrategy().Buy(1, OrderSize.Shares(10), OrderType.Limit, limit: 103),
            new BacktestOptions { Fill = FillTiming.Close });
        Assert.Equal(Bars.T(2), result.Filled().FillTime);
        Assert.Equal(103, result.Filled().FillPrice);
    }
}
