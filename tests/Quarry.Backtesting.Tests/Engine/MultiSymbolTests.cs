using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Orders;
using Quarry.Backtesting.Results;
using Quarry.Core;

namespace Quarry.Backtesting.Tests.Engine;

/// <summary>Several symbols sharing one cash account.</summary>
public class MultiSymbolTests
{
    static BacktestResult RunBoth(BarSeries a, BarSeries b, ScriptedStrategy strategy, double cash = 10_000) =>
        BacktestEngine.Run(strategy, [a, b], new BacktestOptions { InitialCash = cash });

    [Fact]
    public void Second_buy_is_clipped_to_the_cash_the_first_left()
    {
        // A: buy 60 at 100 → cash 4,000. B: 50 at 100 would need 5,000 → clipped to 4,000 / 100 = 40; cash 0
        var a = Bars.Of("A", (100, 100, 100, 100), (100, 110, 100, 110), (110, 120, 110, 120));
        var b = Bars.Of("B", (100, 100, 100, 100), (100, 100, 90, 90), (90, 90, 80, 80));
        var strategy = new ScriptedStrategy().Buy(0, OrderSize.Shares(60), symbol: 0).Buy(0, OrderSize.Shares(50), symbol: 1);
        var result = RunBoth(a, b, strategy);

        Assert.Equal(60, result.Filled(0).Quantity);
        Assert.Equal(40, result.Filled(1).Quantity);
        Assert.Equal("B", result.Filled(1).Symbol);
        Assert.Equal([10_000.0, 0, 0], result.Cash);
        // bar 1: 60 × 110 + 40 × 90 = 10,200; bar 2: 60 × 120 + 40 × 80 = 10,400
        Assert.Equal([10_000.0, 10_200, 10_400], result.Equity);
        Assert.Equal(60, result.FinalPositions["A"]);
        Assert.Equal(40, result.FinalPositions["B"]);
    }

    [Fact]
    public void Second_buy_is_rejected_when_no_cash_is_left()
    {
        var a = Bars.Flat("A", 100, 100, 100);
        var b = Bars.Flat("B", 50, 50, 50);
        var strategy = new ScriptedStrategy().Buy(0, OrderSize.Shares(100), symbol: 0).Buy(0, OrderSize.Shares(10), symbol: 1);
        var result = RunBoth(a, b, strategy);
        var rejected = Assert.Single(result.Orders, o => o.Status == OrderStatus.Rejected);
        Assert.Equal("B", rejected.Symbol);
        Assert.Equal("not enough cash", rejected.Reason);
    }

    [Fact]
    public void Orders_fill_in_submission_order_so_a_sale_funds_a_later_buy_of_another_symbol()
    {
        // Hold 100 B (all the cash). At step 1 sell B, then buy 50 A: both fill at bar 2's open (100), the sale
        // first, so the buy is funded: cash 10,000 − 5,000 = 5,000. (TopNMomentum relies on this.)
        var a = Bars.Flat("A", 100, 100, 100);
        var b = Bars.Flat("B", 100, 100, 100);
        var strategy = new ScriptedStrategy()
            .Buy(0, OrderSize.Shares(100), symbol: 1)
            .Sell(1, OrderSize.WholePosition, symbol: 1)
            .Buy(1, OrderSize.Shares(50), symbol: 0);
        var result = RunBoth(a, b, strategy);

        Assert.All(result.Orders, o => Assert.Equal(OrderStatus.Filled, o.Status));
        Assert.Equal(50, result.FinalPositions["A"]);
        Assert.Equal(0, result.FinalPositions["B"]);
        Assert.Equal(5_000, result.Cash[^1]);
    }

    [Fact]
    public void Sizing_at_the_open_does_not_see_another_symbols_close_of_the_same_bar()
    {
        // Buy 50 A at 100 (cash 5,000); A closes bar 1 at 100. At step 1 buy 25 % of equity of B, filled at bar 2's
        // open 100: equity known then is 5,000 + 50 × 100 = 10,000 → 25 shares. A's bar-2 close of 200 is in the future.
        var a = Bars.Of("A", (100, 100, 100, 100), (100, 100, 100, 100), (100, 200, 100, 200));
        var b = Bars.Flat("B", 100, 100, 100);
        var strategy = new ScriptedStrategy().Buy(0, OrderSize.Shares(50), symbol: 0).Buy(1, OrderSize.PercentOfEquity(0.25), symbol: 1);
        var result = RunBoth(a, b, strategy);
        Assert.Equal(25, result.Filled(1).Quantity);
    }

    [Fact]
    public void Symbols_with_different_calendars_fill_at_their_own_next_bar_and_carry_their_last_close()
    {
        // A trades days 0..3; B only days 0 and 2. A buy of B at step 0 fills at B's next bar (day 2) open 50.
        // Day 3 has no B bar: B is marked at its day-2 close 60. Equity day 3: 10,000 − 500 + 10 × 60 = 10,100.
        var a = Bars.Flat("A", 100, 100, 100, 100);
        var b = new BarSeries("B", [Bars.T(0), Bars.T(2)], [40, 50], [40, 60], [40, 50], [40, 60], [0, 0]);
        var result = RunBoth(a, b, new ScriptedStrategy().Buy(0, OrderSize.Shares(10), symbol: 1));

        var fill = result.Filled();
        Assert.Equal(Bars.T(2), fill.FillTime);
        Assert.Equal(50, fill.FillPrice);
        Assert.Equal([10_000.0, 10_000, 10_100, 10_100], result.Equity);
        Assert.Equal(4, result.Time.Length);
    }

    [Fact]
    public void Equity_is_cash_plus_every_position_at_its_close()
    {
        var a = Bars.RandomWalk(40, seed: 1, symbol: "A");
        var b = Bars.RandomWalk(40, seed: 2, symbol: "B");
        var strategy = new ScriptedStrategy()
            .Buy(0, OrderSize.Shares(30), symbol: 0).Buy(3, OrderSize.Shares(40), symbol: 1)
            .Sell(10, OrderSize.Shares(10), symbol: 0).Sell(20, OrderSize.WholePosition, symbol: 1);
        var result = BacktestEngine.Run(strategy, [a, b], new BacktestOptions { InitialCash = 10_000 });
        for (int t = 0; t < 40; t++)
        {
            double pa = Position(result, "A", t), pb = Position(result, "B", t);
            AssertClose.Equal(result.Cash[t] + pa * a.Close[t] + pb * b.Close[t], result.Equity[t], 1e-12);
        }
    }

    static double Position(BacktestResult result, string symbol, int t) =>
        result.Orders.Where(o => o.Symbol == symbol && o.Status == OrderStatus.Filled && o.FillTime <= result.Time[t]).Sum(o => o.Quantity);

    [Fact]
    public void Duplicate_symbols_are_rejected()
    {
        var error = Assert.Throws<QuarryException>(() =>
            BacktestEngine.Run(new IdleStrategy(), [Bars.Flat("A", 1, 2), Bars.Flat("A", 1, 2)], new BacktestOptions()));
        Assert.Contains("'A' appears twice", error.Message, StringComparison.Ordinal);
    }
}
