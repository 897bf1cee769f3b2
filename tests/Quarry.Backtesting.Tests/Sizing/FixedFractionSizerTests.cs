using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Orders;
using Quarry.Backtesting.Sizing;

namespace Quarry.Backtesting.Tests.Sizing;

public class FixedFractionSizerTests
{
    [Fact]
    public void Size_is_the_fraction_of_equity() =>
        Assert.Equal(OrderSize.PercentOfEquity(0.5), new FixedFractionSizer(0.5).Size(default));

    [Fact]
    public void Fraction_must_be_positive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FixedFractionSizer(0));

    [Fact]
    public void GoLong_buys_the_fraction_of_equity_in_whole_shares()
    {
        // 0.5 × 10,000 / 99 = 50.505 → 50
        var result = Run.On(Bars.Flat(100, 99, 99), new ScriptedStrategy().GoLong(0),
            new BacktestOptions { InitialCash = 10_000, Sizer = new FixedFractionSizer(0.5) });
        Assert.Equal(50, result.Filled().Quantity);
        Assert.Equal(OrderSize.PercentOfEquity(0.5), result.Filled().Size);
    }

    [Fact]
    public void GoShort_sells_the_fraction_of_equity_when_shorting_is_allowed()
    {
        // 0.25 × 10,000 / 100 = 25 → −25
        var result = Run.On(Bars.Flat(100, 100, 100), new ScriptedStrategy().GoShort(0),
            new BacktestOptions { InitialCash = 10_000, Sizer = new FixedFractionSizer(0.25), AllowShort = true });
        Assert.Equal(-25, result.Filled().Quantity);
    }
}
