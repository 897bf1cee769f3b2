using Quarry.Backtesting.Costs;
using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Orders;
using Quarry.Backtesting.Sizing;

namespace Quarry.Backtesting.Tests.Sizing;

public class AllInSizerTests
{
    [Fact]
    public void Size_is_AllIn() => Assert.Equal(OrderSize.AllIn, AllInSizer.Instance.Size(default));

    [Fact]
    public void GoLong_with_default_sizer_spends_all_cash_including_commission()
    {
        // cash 10,000, open 99, 0.1 %: floor(10,000 / (99 × 1.001)) = floor(100.909) = 100;
        // 100 × 99 × 1.001 = 9,909.9 ≤ 10,000 < 101 × 99 × 1.001 = 10,008.999
        var bars = Bars.Flat(100, 99, 99);
        var options = new BacktestOptions { InitialCash = 10_000, Commission = new PercentOfValueCommission(0.001) };
        var result = Run.On(bars, new ScriptedStrategy().GoLong(0), options);
        Assert.Equal(100, result.Filled().Quantity);
        Assert.Equal("signal entry", result.Filled().Reason);
        // the order log shows the size the sizer asked for, not a placeholder
        Assert.Equal(OrderSize.AllIn, result.Filled().Size);
        AssertClose.Equal(90.1, result.Cash[^1]);
    }
}
