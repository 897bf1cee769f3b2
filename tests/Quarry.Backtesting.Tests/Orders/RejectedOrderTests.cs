using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Orders;
using Quarry.Backtesting.Results;

namespace Quarry.Backtesting.Tests.Orders;

/// <summary>Orders that cannot be executed appear in the order log as Rejected with a reason, and change nothing.</summary>
public class RejectedOrderTests
{
    static OrderRecord OnlyOrder(ScriptedStrategy strategy, BacktestOptions options, out BacktestResult result)
    {
        result = Run.On(Bars.Flat(100, 100, 100), strategy, options);
        return Assert.Single(result.Orders);
    }

    static void AssertNothingHappened(BacktestResult result, double cash)
    {
        Assert.All(result.Equity, e => Assert.Equal(cash, e));
        Assert.Empty(result.Trades);
        Assert.Equal(0, result.TotalCommission);
    }

    [Fact]
    public void Short_sale_without_AllowShort_is_rejected()
    {
        var order = OnlyOrder(new ScriptedStrategy().Sell(0, OrderSize.Shares(10)), new BacktestOptions(), out var result);
        Assert.Equal(OrderStatus.Rejected, order.Status);
        Assert.Equal("shorting is not allowed (use --allow-short)", order.Reason);
        Assert.Null(order.FillTime);
        Assert.Equal(0, order.Quantity);
        Assert.Equal(0, order.Commission);
        Assert.True(double.IsNaN(order.FillPrice));
        AssertNothingHappened(result, 100_000);
    }

    [Fact]
    public void Buy_with_too_little_cash_for_one_share_is_rejected()
    {
        // cash 50 < one share at 100
        var order = OnlyOrder(new ScriptedStrategy().Buy(0, OrderSize.Shares(1)), new BacktestOptions { InitialCash = 50 }, out var result);
        Assert.Equal(OrderStatus.Rejected, order.Status);
        Assert.Equal("not enough cash", order.Reason);
        AssertNothingHappened(result, 50);
    }

    [Fact]
    public void Closing_a_position_that_does_not_exist_is_rejected()
    {
        var order = OnlyOrder(new ScriptedStrategy().Sell(0, OrderSize.WholePosition), new BacktestOptions(), out _);
        Assert.Equal(OrderStatus.Rejected, order.Status);
        Assert.Equal("no position to close", order.Reason);
    }

    [Fact]
    public void Size_rounding_to_zero_shares_is_rejected()
    {
        // 50 / 100 = 0.5 → 0 whole shares
        var order = OnlyOrder(new ScriptedStrategy().Buy(0, OrderSize.Value(50)), new BacktestOptions(), out _);
        Assert.Equal(OrderStatus.Rejected, order.Status);
        Assert.Equal("size rounds to 0 shares", order.Reason);
    }

    [Fact]
    public void GoShort_without_AllowShort_from_flat_submits_nothing()
    {
        var result = Run.On(Bars.Flat(100, 100, 100), new ScriptedStrategy().GoShort(0));
        Assert.Empty(result.Orders);
    }

    [Fact]
    public void Rejected_entry_keeps_the_signal_alive_so_a_later_GoLong_retries()
    {
        // cash 150: bar 1 opens at 200 → rejected; GoLong again at step 1 → bar 2 opens at 100 → 1 share
        var bars = Bars.Flat(100, 200, 100);
        var result = Run.On(bars, new ScriptedStrategy().GoLong(0).GoLong(1), new BacktestOptions { InitialCash = 150 });
        Assert.Equal([OrderStatus.Rejected, OrderStatus.Filled], result.Orders.Select(o => o.Status));
        Assert.Equal(1, result.Filled().Quantity);
    }
}
