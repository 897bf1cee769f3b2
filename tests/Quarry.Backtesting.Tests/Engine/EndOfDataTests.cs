using Quarry.Backtesting.Costs;
using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Orders;

namespace Quarry.Backtesting.Tests.Engine;

/// <summary>What happens to positions and orders when the data ends.</summary>
public class EndOfDataTests
{
    // buy 100 at bar 1's open 100 (fee 10 at 0.1 %); bars 2 and 3 close at 110 and 120.
    static readonly Core.BarSeries Rising = Bars.Of((100, 100, 100, 100), (100, 101, 99, 100), (110, 111, 109, 110), (115, 121, 114, 120));
    static readonly ICommissionModel TenthPercent = new PercentOfValueCommission(0.001);

    [Fact]
    public void Open_trade_has_no_exit_and_is_marked_to_the_last_close()
    {
        var result = Run.On(Rising, new ScriptedStrategy().Buy(0, OrderSize.Shares(100)), new BacktestOptions { Commission = TenthPercent });
        var trade = Assert.Single(result.Trades);
        Assert.True(trade.IsOpen);
        Assert.Null(trade.ExitTime);
        Assert.Null(trade.ExitPrice);
        // 100 × (120 − 100) = 2,000 gross; only the entry fee 10 is paid: net 1,990
        AssertClose.Equal(2000, trade.GrossPnl);
        AssertClose.Equal(10, trade.Commission);
        AssertClose.Equal(1990, trade.NetPnl);
        Assert.Equal(2, trade.BarsHeld); // bar 1 → last bar 3
        Assert.Equal(100, result.FinalPositions["TEST"]);
        // 100,000 − 10,010 + 100 × 120 = 101,990 = initial cash + net P&L
        AssertClose.Equal(101_990, result.FinalValue);
    }

    [Fact]
    public void CloseAtEnd_sells_at_the_last_close_paying_commission_but_no_slippage()
    {
        var options = new BacktestOptions { Commission = TenthPercent, CloseAtEnd = true, SlippageBps = 50 };
        var result = Run.On(Rising, new ScriptedStrategy().Buy(0, OrderSize.Shares(100), OrderType.Limit, limit: 100), options);

        var exit = result.Filled(1);
        Assert.Equal("end of data", exit.Reason);
        Assert.Equal(Bars.T(3), exit.FillTime);
        Assert.Equal(120, exit.FillPrice);
        AssertClose.Equal(12, exit.Commission); // 100 × 120 × 0.001
        var trade = Assert.Single(result.Trades);
        Assert.Equal(Bars.T(3), trade.ExitTime);
        AssertClose.Equal(1978, trade.NetPnl); // 2,000 − 10 − 12
        Assert.Equal(0, result.FinalPositions["TEST"]);
        AssertClose.Equal(101_978, result.FinalValue);
        Assert.Equal(result.Cash[^1], result.Equity[^1]);
    }

    [Fact]
    public void CloseAtEnd_covers_a_short()
    {
        var options = new BacktestOptions { CloseAtEnd = true, AllowShort = true };
        var result = Run.On(Rising, new ScriptedStrategy().Sell(0, OrderSize.Shares(10)), options);
        var trade = Assert.Single(result.Trades);
        Assert.False(trade.IsOpen);
        Assert.Equal(-200, trade.GrossPnl); // −10 × (120 − 100)
        Assert.Equal(99_800, result.FinalValue);
    }

    [Fact]
    public void CloseAtEnd_expires_working_orders_first()
    {
        var strategy = new ScriptedStrategy().Buy(0, OrderSize.Shares(10)).Sell(1, OrderSize.WholePosition, OrderType.Limit, limit: 500);
        var result = Run.On(Rising, strategy, new BacktestOptions { CloseAtEnd = true });
        Assert.Equal([OrderStatus.Filled, OrderStatus.Expired, OrderStatus.Filled], result.Orders.Select(o => o.Status));
    }
}
