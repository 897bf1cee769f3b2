using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Orders;

namespace Quarry.Backtesting.Tests.Engine;

/// <summary>Slippage and half the spread move market and stop fills against the trader; limit fills get their price.</summary>
public class SlippageAndSpreadTests
{
    // 10 bps slippage + 20 bps spread / 2 = 20 bps = 0.002 adverse on every market and stop fill.
    static readonly BacktestOptions Costs = new() { SlippageBps = 10, SpreadBps = 20 };

    [Fact]
    public void Market_fills_pay_slippage_and_half_spread_on_both_sides()
    {
        var bars = Bars.Of((100, 100, 100, 100), (100, 101, 99, 100), (110, 111, 109, 110));
        var strategy = new ScriptedStrategy().Buy(0, OrderSize.Shares(100)).Sell(1, OrderSize.WholePosition);

        var result = Run.On(bars, strategy, Costs);

        // buy: 100 × 1.002 = 100.2; sell: 110 × 0.998 = 109.78
        AssertClose.Equal(100.2, result.Filled(0).FillPrice);
        AssertClose.Equal(109.78, result.Filled(1).FillPrice);
        var trade = Assert.Single(result.Trades);
        AssertClose.Equal(100.2, trade.EntryPrice);
        AssertClose.Equal(109.78, trade.ExitPrice!.Value);
        // 100 × (109.78 − 100.2) = 958
        AssertClose.Equal(958, trade.GrossPnl);
        // 100 × 0.2 + 100 × 0.22 = 42
        AssertClose.Equal(42, result.TotalSlippage);
        AssertClose.Equal(100_958, result.FinalValue);
    }

    [Fact]
    public void Spread_alone_costs_half_the_spread()
    {
        // 10 bps spread → 5 bps per fill: 100 × 1.0005 = 100.05
        var bars = Bars.Of((100, 100, 100, 100), (100, 101, 99, 100));
        var result = Run.On(bars, new ScriptedStrategy().Buy(0, OrderSize.Shares(10)), new BacktestOptions { SpreadBps = 10 });
        AssertClose.Equal(100.05, result.Filled().FillPrice);
        AssertClose.Equal(0.5, result.TotalSlippage); // 10 × 0.05
    }

    [Fact]
    public void Limit_fills_pay_no_slippage_or_spread()
    {
        // buy limit 99: bar 1 trades down to 98 → 99; sell limit 112: bar 2 trades up to 113 → 112
        var bars = Bars.Of((100, 100, 100, 100), (100, 101, 98, 100), (110, 113, 109, 110));
        var strategy = new ScriptedStrategy()
            .Buy(0, OrderSize.Shares(100), OrderType.Limit, limit: 99)
            .Sell(1, OrderSize.WholePosition, OrderType.Limit, limit: 112);

        var result = Run.On(bars, strategy, Costs);

        Assert.Equal(99, result.Filled(0).FillPrice);
        Assert.Equal(112, result.Filled(1).FillPrice);
        Assert.Equal(0, result.TotalSlippage);
        // 100 × (112 − 99) = 1,300
        Assert.Equal(1300, Assert.Single(result.Trades).GrossPnl);
    }

    [Fact]
    public void Stop_fills_pay_slippage_and_half_spread()
    {
        // buy stop 105 hit in bar 1 (high 106) → 105 × 1.002 = 105.21;
        // sell stop 104 hit in bar 2 (low 103) → 104 × 0.998 = 103.792
        var bars = Bars.Of((100, 100, 100, 100), (100, 106, 99, 105), (106, 107, 103, 104));
        var strategy = new ScriptedStrategy()
            .Buy(0, OrderSize.Shares(100), OrderType.Stop, stop: 105)
            .Sell(1, OrderSize.WholePosition, OrderType.Stop, stop: 104);

        var result = Run.On(bars, strategy, Costs);

        AssertClose.Equal(105.21, result.Filled(0).FillPrice);
        AssertClose.Equal(103.792, result.Filled(1).FillPrice);
        // 100 × 0.21 + 100 × 0.208 = 41.8
        AssertClose.Equal(41.8, result.TotalSlippage);
    }

    [Fact]
    public void Market_fill_at_close_pays_slippage()
    {
        // FillTiming.Close: fills at bar 1's close 100 → 100 × 1.002 = 100.2
        var bars = Bars.Of((100, 100, 100, 100), (95, 101, 94, 100));
        var result = Run.On(bars, new ScriptedStrategy().Buy(1, OrderSize.Shares(10)), Costs with { Fill = FillTiming.Close });
        AssertClose.Equal(100.2, result.Filled().FillPrice);
    }

    [Fact]
    public void Slippage_of_a_short_entry_lowers_the_sale_price()
    {
        // sell short at open 100 → 100 × 0.998 = 99.8
        var bars = Bars.Of((100, 100, 100, 100), (100, 101, 99, 100));
        var result = Run.On(bars, new ScriptedStrategy().Sell(0, OrderSize.Shares(10)), Costs with { AllowShort = true });
        AssertClose.Equal(99.8, result.Filled().FillPrice);
        Assert.Equal(-10, result.Filled().Quantity);
    }
}
