using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Orders;

namespace Quarry.Backtesting.Tests.Results;

public class BacktestResultTests
{
    [Fact]
    public void Orders_are_listed_in_submission_order_whatever_order_they_complete_in()
    {
        // id 1: limit 90 submitted at step 0, fills at bar 3 (low 89); id 2: market at step 1, fills at bar 2;
        // id 3: limit 50 at step 1, expires. The log lists 1, 2, 3 as documented.
        var bars = Bars.Of((100, 100, 100, 100), (100, 100, 100, 100), (100, 100, 100, 100), (95, 95, 89, 90));
        var strategy = new ScriptedStrategy()
            .Buy(0, OrderSize.Shares(1), OrderType.Limit, limit: 90)
            .Buy(1, OrderSize.Shares(1))
            .Buy(1, OrderSize.Shares(1), OrderType.Limit, limit: 50);
        var result = Run.On(bars, strategy);
        Assert.Equal([1, 2, 3], result.Orders.Select(o => o.Id));
        Assert.Equal([Bars.T(0), Bars.T(1), Bars.T(1)], result.Orders.Select(o => o.SubmittedTime));
        Assert.Equal([OrderStatus.Filled, OrderStatus.Filled, OrderStatus.Expired], result.Orders.Select(o => o.Status));
    }

    [Fact]
    public void Returns_are_simple_returns_the_first_against_initial_cash()
    {
        // buy 100 at 100 (cash 10,000 → 0); closes 100, 110, 99: equity 10,000, 11,000, 9,900
        // returns: 10,000/10,000 − 1 = 0; 11,000/10,000 − 1 = 0.1; 9,900/11,000 − 1 = −0.1
        var bars = Bars.Flat(100, 100, 110, 99);
        var result = Run.On(bars, new ScriptedStrategy().Buy(0, OrderSize.Shares(100)), new BacktestOptions { InitialCash = 10_000 });
        var returns = result.Returns();
        Assert.Equal(0, returns[0]);
        Assert.Equal(0, returns[1]);
        AssertClose.Equal(0.1, returns[2], 1e-12);
        AssertClose.Equal(-0.1, returns[3], 1e-12);
        AssertClose.Equal(-0.01, result.TotalReturn, 1e-12);
    }
}
