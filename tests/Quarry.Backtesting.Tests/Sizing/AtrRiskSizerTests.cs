using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Orders;
using Quarry.Backtesting.Sizing;

namespace Quarry.Backtesting.Tests.Sizing;

public class AtrRiskSizerTests
{
    static SizingContext Context(double equity, double atr) =>
        new(Bars.Flat(100), 0, 100, equity, equity, atr, 0, 0, 0, 0);

    [Fact]
    public void Size_risks_the_fraction_of_equity_over_multiple_ATRs()
    {
        // 100,000 × 0.01 / (2 × 2.5) = 1,000 / 5 = 200 shares
        Assert.Equal(OrderSize.Shares(200), new AtrRiskSizer(0.01, 2, 14).Size(Context(100_000, 2.5)));
    }

    [Fact]
    public void Size_is_zero_while_ATR_is_undefined() =>
        Assert.Equal(OrderSize.Shares(0), new AtrRiskSizer(0.01).Size(Context(100_000, double.NaN)));

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AtrRiskSizer(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AtrRiskSizer(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AtrRiskSizer(0.01, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AtrRiskSizer(0.01, 2, 0));
    }

    // Bars with high − low = 2 and close = 100 throughout: true range 2 at every bar, so Wilder ATR(3) = 2 from bar 3.
    static readonly Core.BarSeries Ranging = Bars.Of(
        (100, 101, 99, 100), (100, 101, 99, 100), (100, 101, 99, 100), (100, 101, 99, 100), (100, 101, 99, 100));

    [Fact]
    public void GoLong_in_a_backtest_uses_the_ATR_at_the_signal_bar()
    {
        // signal at bar 3: ATR(3) = (2 + 2 + 2) / 3 = 2; 100,000 × 0.01 / (2 × 2) = 250 shares at bar 4's open
        var result = Run.On(Ranging, new ScriptedStrategy().GoLong(3), new BacktestOptions { Sizer = new AtrRiskSizer(0.01, 2, 3) });
        Assert.Equal(250, result.Filled().Quantity);
        Assert.Equal(Bars.T(4), result.Filled().FillTime);
    }

    [Fact]
    public void GoLong_before_the_ATR_warm_up_is_rejected_as_zero_shares()
    {
        // signal at bar 1: ATR(3) undefined (NaN) → 0 shares → rejected
        var result = Run.On(Ranging, new ScriptedStrategy().GoLong(1), new BacktestOptions { Sizer = new AtrRiskSizer(0.01, 2, 3) });
        var order = Assert.Single(result.Orders);
        Assert.Equal(OrderStatus.Rejected, order.Status);
        Assert.Equal("size rounds to 0 shares", order.Reason);
    }
}
