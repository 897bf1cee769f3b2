using Quarry.Backtesting.Costs;
using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Orders;
using Quarry.Backtesting.Results;
using Quarry.Backtesting.Sizing;

namespace Quarry.Backtesting.Tests.Engine;

/// <summary>Short round trips and long → short reversals, with commission.</summary>
public class ShortAndReversalTests
{
    static readonly ICommissionModel TenthPercent = new PercentOfValueCommission(0.001);

    [Fact]
    public void Short_trade_profits_from_a_fall_net_of_commission()
    {
        // short 100 at bar 1's open 100 (fee 10), cover at bar 2's open 90 (fee 9):
        // gross 100 × (100 − 90) = 1,000; net 1,000 − 19 = 981; return 981 / (100 × 100) = 0.0981
        var bars = Bars.Of((100, 100, 100, 100), (100, 101, 99, 100), (90, 91, 89, 90));
        var strategy = new ScriptedStrategy().Sell(0, OrderSize.Shares(100)).Buy(1, OrderSize.WholePosition);
        var result = Run.On(bars, strategy, new BacktestOptions { Commission = TenthPercent, AllowShort = true });

        var trade = Assert.Single(result.Trades);
        Assert.Equal(TradeDirection.Short, trade.Direction);
        Assert.Equal(100, trade.EntryPrice);
        Assert.Equal(90, trade.ExitPrice);
        Assert.Equal(100, trade.Size);
        AssertClose.Equal(1000, trade.GrossPnl);
        AssertClose.Equal(19, trade.Commission);
        AssertClose.Equal(981, trade.NetPnl);
        AssertClose.Equal(0.0981, trade.ReturnPct);
        // bar 1: cash 100,000 + 10,000 − 10 = 109,990; position −100 × 100 → equity 99,990
        AssertClose.Equal(109_990, result.Cash[1]);
        AssertClose.Equal(99_990, result.Equity[1]);
        AssertClose.Equal(100_981, result.FinalValue);
    }

    [Fact]
    public void GoShort_from_long_reverses_with_an_exit_and_an_entry_order()
    {
        // 100 shares per entry, 0.1 %. Long 100 at 100 (fee 10). GoShort at step 1 → at bar 2's open 110:
        // sell 100 to close (fee 11) and sell 100 short (fee 11).
        // long trade: 100 × 10 − 21 = 979; short still open, marked at the last close 105: 100 × (110 − 105) − 11 = 489
        var bars = Bars.Of((100, 100, 100, 100), (100, 100, 100, 100), (110, 111, 104, 105));
        var strategy = new ScriptedStrategy().GoLong(0).GoShort(1);
        var result = Run.On(bars, strategy,
            new BacktestOptions { Commission = TenthPercent, AllowShort = true, Sizer = new FixedSharesSizer(100) });

        Assert.Equal(["signal entry", "signal exit", "signal entry"], result.Orders.Select(o => o.Reason));
        Assert.Equal([100.0, -100.0, -100.0], result.Orders.Select(o => o.Quantity));
        Assert.Equal(2, result.Trades.Count);
        var (closed, open) = (result.Trades[0], result.Trades[1]);
        Assert.Equal(TradeDirection.Long, closed.Direction);
        AssertClose.Equal(979, closed.NetPnl);
        Assert.Equal(TradeDirection.Short, open.Direction);
        Assert.True(open.IsOpen);
        AssertClose.Equal(500, open.GrossPnl);
        AssertClose.Equal(489, open.NetPnl);
        // cash 100,000 − 10,010 + 10,989 + 10,989 = 111,968; minus 100 × 105 = 101,468 = 100,000 + 979 + 489
        AssertClose.Equal(101_468, result.FinalValue);
        Assert.Equal(-100, result.FinalPositions["TEST"]);
    }

    [Fact]
    public void One_sell_larger_than_the_long_reverses_and_splits_its_commission_pro_rata()
    {
        // long 100 at 100 (fee 10); sell 200 at 110: fee 0.001 × 200 × 110 = 22, half to each trade.
        // long: 1,000 − 10 − 11 = 979; short (open, last close 105): 500 − 11 = 489
        var bars = Bars.Of((100, 100, 100, 100), (100, 100, 100, 100), (110, 111, 104, 105));
        var strategy = new ScriptedStrategy().Buy(0, OrderSize.Shares(100)).Sell(1, OrderSize.Shares(200));
        var result = Run.On(bars, strategy, new BacktestOptions { Commission = TenthPercent, AllowShort = true });

        AssertClose.Equal(22, result.Filled(1).Commission);
        AssertClose.Equal(21, result.Trades[0].Commission);
        AssertClose.Equal(979, result.Trades[0].NetPnl);
        AssertClose.Equal(11, result.Trades[1].Commission);
        AssertClose.Equal(489, result.Trades[1].NetPnl);
        Assert.Equal(Bars.T(2), result.Trades[1].EntryTime);
        AssertClose.Equal(101_468, result.FinalValue);
    }

    [Fact]
    public void All_in_reversal_sizes_the_short_from_equity_after_the_exit()
    {
        // cash 10,000: long floor(10,000 / 100) = 100; reverse at 110: sell 100 → cash 11,000;
        // short floor(11,000 / 110) = 100
        var bars = Bars.Of((100, 100, 100, 100), (100, 100, 100, 100), (110, 110, 110, 110));
        var result = Run.On(bars, new ScriptedStrategy().GoLong(0).GoShort(1), new BacktestOptions { InitialCash = 10_000, AllowShort = true });
        Assert.Equal([100.0, -100.0, -100.0], result.Orders.Select(o => o.Quantity));
        Assert.Equal(22_000, result.Cash[^1]);
        Assert.Equal(11_000, result.FinalValue);
    }

    [Fact]
    public void GoShort_without_AllowShort_only_closes_the_long()
    {
        var bars = Bars.Flat(100, 100, 110);
        var result = Run.On(bars, new ScriptedStrategy().GoLong(0).GoShort(1), new BacktestOptions { InitialCash = 10_000 });
        Assert.Equal(["signal entry", "signal exit"], result.Orders.Select(o => o.Reason));
        Assert.Equal(0, result.FinalPositions["TEST"]);
        Assert.Equal(11_000, result.FinalValue);
    }

    [Fact]
    public void Repeated_GoLong_is_a_no_op()
    {
        var result = Run.On(Bars.Flat(100, 100, 100, 100), new ScriptedStrategy().GoLong(0).GoLong(1).GoLong(2));
        Assert.Single(result.Orders);
    }
}
