using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Orders;
using Quarry.Backtesting.Results;
using Quarry.Core;

namespace Quarry.Backtesting.Tests.Orders;

/// <summary>Matching of market, limit, stop and stop-limit orders against bars, gaps included.</summary>
public class OrderTypeTests
{
    static readonly (double, double, double, double) Start = (100, 100, 100, 100);

    static BacktestResult BuyAt0((double, double, double, double)[] later, OrderType type, double limit = double.NaN, double stop = double.NaN) =>
        Run.On(Bars.Of([Start, .. later]), new ScriptedStrategy().Buy(0, OrderSize.Shares(10), type, limit, stop));

    /// <summary>Buys 10 at bar 1's open (100) then submits the exit order at step 1.</summary>
    static BacktestResult SellAt1((double, double, double, double)[] later, OrderType type, double limit = double.NaN, double stop = double.NaN) =>
        Run.On(Bars.Of([Start, (100, 100, 100, 100), .. later]),
            new ScriptedStrategy().Buy(0, OrderSize.Shares(10)).Sell(1, OrderSize.WholePosition, type, limit, stop));

    [Fact]
    public void Market_order_fills_at_next_open()
    {
        var result = BuyAt0([(101, 103, 99, 102)], OrderType.Market);
        var fill = result.Filled();
        Assert.Equal(101, fill.FillPrice);
        Assert.Equal(Bars.T(1), fill.FillTime);
        Assert.Equal(Bars.T(0), fill.SubmittedTime);
    }

    [Fact]
    public void Buy_limit_waits_until_the_low_reaches_the_limit_and_fills_at_the_limit()
    {
        // bar 1 low 96 > 95: no fill; bar 2 low 94 ≤ 95 and open 97 > 95 → 95
        var result = BuyAt0([(100, 101, 96, 100), (97, 98, 94, 96)], OrderType.Limit, limit: 95);
        var fill = result.Filled();
        Assert.Equal(95, fill.FillPrice);
        Assert.Equal(Bars.T(2), fill.FillTime);
        Assert.Equal(95, fill.LimitPrice);
    }

    [Fact]
    public void Buy_limit_gapped_through_fills_at_the_better_open()
    {
        // bar 2 opens at 93 < 95 → 93
        var result = BuyAt0([(100, 101, 96, 100), (93, 94, 92, 93)], OrderType.Limit, limit: 95);
        Assert.Equal(93, result.Filled().FillPrice);
    }

    [Fact]
    public void Sell_limit_fills_at_the_limit_when_the_high_reaches_it()
    {
        // high 111 ≥ 110, open 105 < 110 → 110
        var result = SellAt1([(105, 111, 104, 108)], OrderType.Limit, limit: 110);
        Assert.Equal(110, result.Filled(1).FillPrice);
        // 10 × (110 − 100)
        Assert.Equal(100, Assert.Single(result.Trades).GrossPnl);
    }

    [Fact]
    public void Sell_limit_gapped_through_fills_at_the_better_open()
    {
        var result = SellAt1([(112, 113, 111, 112)], OrderType.Limit, limit: 110);
        Assert.Equal(112, result.Filled(1).FillPrice);
    }

    [Fact]
    public void Buy_stop_fills_at_the_stop_when_the_high_reaches_it()
    {
        // bar 1 high 104 < 105: no fill; bar 2 high 106 → 105
        var result = BuyAt0([(100, 104, 99, 103), (103, 106, 102, 105)], OrderType.Stop, stop: 105);
        Assert.Equal(105, result.Filled().FillPrice);
        Assert.Equal(Bars.T(2), result.Filled().FillTime);
    }

    [Fact]
    public void Buy_stop_gapped_through_fills_at_the_worse_open()
    {
        var result = BuyAt0([(100, 104, 99, 103), (107, 108, 106, 107)], OrderType.Stop, stop: 105);
        Assert.Equal(107, result.Filled().FillPrice);
    }

    [Fact]
    public void Sell_stop_fills_at_the_stop_when_the_low_reaches_it()
    {
        var result = SellAt1([(97, 98, 94, 95)], OrderType.Stop, stop: 95);
        Assert.Equal(95, result.Filled(1).FillPrice);
    }

    [Fact]
    public void Sell_stop_gapped_through_fills_at_the_worse_open()
    {
        var result = SellAt1([(93, 94, 92, 93)], OrderType.Stop, stop: 95);
        Assert.Equal(93, result.Filled(1).FillPrice);
        // 10 × (93 − 100) = −70
        Assert.Equal(-70, Assert.Single(result.Trades).GrossPnl);
    }

    [Fact]
    public void Buy_stop_limit_triggered_inside_the_bar_fills_at_the_stop_when_within_the_limit()
    {
        // stop 105 traded (high 107), limit 106 ≥ 105 → fills at the trigger price 105
        var result = BuyAt0([(100, 107, 99, 106)], OrderType.StopLimit, limit: 106, stop: 105);
        Assert.Equal(105, result.Filled().FillPrice);
    }

    [Fact]
    public void Buy_stop_limit_gapped_above_the_limit_waits_then_fills_as_a_limit()
    {
        // bar 1 opens 108 ≥ stop 105 (triggered) but never trades at or below the 106 limit (low 107): no fill.
        // bar 2 opens 105 ≤ 106 → fills at the open 105.
        var result = BuyAt0([(108, 109, 107, 108), (105, 106, 104, 105)], OrderType.StopLimit, limit: 106, stop: 105);
        var fill = result.Filled();
        Assert.Equal(105, fill.FillPrice);
        Assert.Equal(Bars.T(2), fill.FillTime);
    }

    [Fact]
    public void Sell_stop_limit_triggered_fills_at_the_stop_when_within_the_limit()
    {
        // stop 95 traded (low 93), limit 94 ≤ 95 → 95
        var result = SellAt1([(96, 97, 93, 94)], OrderType.StopLimit, limit: 94, stop: 95);
        Assert.Equal(95, result.Filled(1).FillPrice);
    }

    [Fact]
    public void Stop_limit_never_triggered_expires()
    {
        var result = BuyAt0([(100, 104, 99, 103)], OrderType.StopLimit, limit: 106, stop: 105);
        var order = Assert.Single(result.Orders);
        Assert.Equal(OrderStatus.Expired, order.Status);
        Assert.Null(order.FillTime);
    }

    [Fact]
    public void Limit_never_reached_expires_at_the_end_with_a_reason()
    {
        var result = BuyAt0([(100, 101, 99, 100), (100, 101, 99, 100)], OrderType.Limit, limit: 90);
        var order = Assert.Single(result.Orders);
        Assert.Equal(OrderStatus.Expired, order.Status);
        Assert.Equal("still working when the data ended", order.Reason);
        Assert.Equal(0, order.Quantity);
        Assert.True(double.IsNaN(order.FillPrice));
    }

    [Fact]
    public void Market_order_submitted_at_the_last_bar_expires()
    {
        var bars = Bars.Flat(100, 100, 100);
        var result = Run.On(bars, new ScriptedStrategy().Buy(2, OrderSize.Shares(10)));
        var order = Assert.Single(result.Orders);
        Assert.Equal(OrderStatus.Expired, order.Status);
        Assert.Equal(Bars.T(2), order.SubmittedTime);
        Assert.Equal(100_000, result.FinalValue);
        Assert.Empty(result.Trades);
    }

    [Fact]
    public void Cancelled_order_is_recorded_and_never_fills()
    {
        int id = 0;
        var strategy = new ScriptedStrategy()
            .At(0, c => id = c.Buy(0, OrderSize.Shares(10), OrderType.Limit, limitPrice: 90))
            .At(1, c => Assert.True(c.Cancel(id)))
            .At(2, c => Assert.False(c.Cancel(id)));
        var result = Run.On(Bars.Flat(100, 100, 100, 85), strategy);
        var order = Assert.Single(result.Orders);
        Assert.Equal(OrderStatus.Cancelled, order.Status);
        Assert.Equal(Bars.T(0), order.SubmittedTime);
    }

    [Fact]
    public void Limit_order_without_a_limit_price_throws()
    {
        var strategy = new ScriptedStrategy().At(0, c => c.Buy(0, OrderSize.Shares(1), OrderType.Limit));
        var error = Assert.Throws<QuarryException>(() => Run.On(Bars.Flat(100, 100), strategy));
        Assert.Equal(ErrorCode.InvalidParameter, error.Code);
        Assert.Contains("limit price", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stop_order_without_a_stop_price_throws()
    {
        var strategy = new ScriptedStrategy().At(0, c => c.Sell(0, OrderSize.Shares(1), OrderType.Stop));
        var error = Assert.Throws<QuarryException>(() => Run.On(Bars.Flat(100, 100), strategy));
        Assert.Contains("stop price", error.Message, StringComparison.Ordinal);
    }
}
