using Quarry.Analytics.Trades;
using Quarry.Backtesting.Costs;
using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Orders;
using Quarry.Backtesting.Strategies;
using Quarry.Core;
using static Quarry.Analytics.Tests.TestData;

namespace Quarry.Analytics.Tests.Trades;

public class CostAnalysisTests
{
    /// <summary>Buys 10 shares at the close of bar 0 and sells them at the close of bar 2.</summary>
    sealed class BuyThenSell : Strategy
    {
        public override void OnBar(StrategyContext context)
        {
            int bar = context.BarIndex(0);
            if (bar == 0) context.Buy(0, OrderSize.Shares(10));
            if (bar == 2) context.ClosePosition(0);
        }
    }

    static readonly BacktestOptions Costly = new()
    {
        InitialCash = 100_000, Commission = new FixedCommission(1), SlippageBps = 100, Fill = FillTiming.Close, PeriodsPerYear = 252,
    };

    static Quarry.Backtesting.Results.BacktestResult Run(BacktestOptions options)
    {
        var time = Dates("2020-01-01", "2020-01-02", "2020-01-03", "2020-01-06");
        double[] close = [100, 102, 104, 103];
        return BacktestEngine.Run(new BuyThenSell(), new BarSeries("X", time, close, close, close, close, [0, 0, 0, 0]), options);
    }

    [Fact]
    public void Gross_returns_add_back_commission_and_slippage()
    {
        // Buy 10 @ 100 raw → 101 after 1 % slippage, commission 1: cash 100,000 − 1,010 − 1 = 98,989.
        // Equity: bar0 98,989 + 1,000 = 99,989; bar1 98,989 + 1,020 = 100,009;
        // sell 10 @ 104 raw → 102.96: cash 98,989 + 1,029.6 − 1 = 100,017.6 on bars 2 and 3.
        // Costs: bar0 1 + 10·1 = 11; bar2 1 + 10·1.04 = 11.4. Gross equity = equity + cumulative costs:
        // 100,000; 100,020; 100,040; 100,040 (= buy at 100, sell at 104, no fees).
        var result = Run(Costly);
        Close([99_989, 100_009, 100_017.6, 100_017.6], result.Equity, 1e-8);
        var filled = result.Orders.Where(o => o.Status == OrderStatus.Filled).ToList();
        Close([10, 10.4], filled.Select(o => o.Slippage).ToArray(), 1e-9);

        var (gross, rows) = CostAnalysis.Compute(result);
        Close([0, 100_020.0 / 100_000 - 1, 100_040.0 / 100_020 - 1, 0], gross, 1e-12);

        var v = rows.ToDictionary(r => r.Key);
        Assert.Equal(["total_fees", "fees_pct", "slippage_cost", "slippage_pct", "cost_drag"], rows.Select(r => r.Key));
        Assert.Equal(2, v["total_fees"].Strategy, 1e-12);
        Assert.Equal(2e-5, v["fees_pct"].Strategy, 1e-15);              // 2 / 100,000
        Assert.Equal(20.4, v["slippage_cost"].Strategy, 1e-9);
        Assert.Equal(20.4e-5, v["slippage_pct"].Strategy, 1e-13);
        // CAGR = growth^(252 / 4) − 1: gross 1.0004^63 − 1, net 1.000176^63 − 1.
        double grossCagr = Math.Pow(1.0004, 63) - 1, netCagr = Math.Pow(1.000176, 63) - 1;
        Assert.Equal(grossCagr - netCagr, v["cost_drag"].Strategy, 1e-10);
        Assert.Equal(grossCagr, v["cost_drag"].Gross, 1e-10);
    }

    [Fact]
    public void Without_costs_gross_equals_net()
    {
        var result = Run(Costly with { Commission = ZeroCommission.Instance, SlippageBps = 0 });
        var (gross, rows) = CostAnalysis.Compute(result);
        Assert.Equal(result.Returns(), gross);
        Assert.All(rows, r => Assert.Equal(0, r.Strategy));
    }
}
