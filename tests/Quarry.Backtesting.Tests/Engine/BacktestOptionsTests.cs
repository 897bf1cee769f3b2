using Quarry.Backtesting.Engine;
using Quarry.Core;

namespace Quarry.Backtesting.Tests.Engine;

public class BacktestOptionsTests
{
    [Theory]
    [InlineData("cash", 0, 0, 0)]
    [InlineData("cash", double.NaN, 0, 0)]
    [InlineData("slippage-bps", 100_000, -1, 0)]
    [InlineData("spread-bps", 100_000, 0, 10_000)]
    public void Invalid_option_is_named_with_its_value(string field, double cash, double slippage, double spread)
    {
        var options = new BacktestOptions { InitialCash = cash, SlippageBps = slippage, SpreadBps = spread };
        var error = Assert.Throws<QuarryException>(options.Validate);
        Assert.Equal(ErrorCode.InvalidParameter, error.Code);
        Assert.StartsWith($"Option '--{field}' = ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_valid() => new BacktestOptions().Validate();

    [Fact]
    public void Empty_data_is_rejected_with_a_hint()
    {
        var empty = Bars.Flat();
        var error = Assert.Throws<QuarryException>(() => BacktestEngine.Run(new IdleStrategy(), empty, new BacktestOptions()));
        Assert.Contains("No bars to backtest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Idle_strategy_keeps_cash_flat()
    {
        var result = Run.On(Bars.Flat(10, 20, 30), new IdleStrategy(), new BacktestOptions { InitialCash = 5_000 });
        Assert.Equal([5_000.0, 5_000, 5_000], result.Equity);
        Assert.Equal(0, result.TotalReturn);
        Assert.Empty(result.Orders);
        Assert.Equal("idle-strategy", result.Strategy);
    }
}
