using Quarry.Backtesting.Costs;
using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Orders;

namespace Quarry.Backtesting.Tests.Costs;

/// <summary>Each commission model on its own, then charged by the engine on an entry and an exit fill.</summary>
public class CommissionModelTests
{
    static CommissionContext Fill(double quantity, double price) => new("TEST", quantity, price);

    [Fact]
    public void PercentOfValue_is_rate_times_traded_value()
    {
        // 100 shares × 50 = 5,000; × 0.001 = 5
        AssertClose.Equal(5, new PercentOfValueCommission(0.001).Commission(Fill(100, 50)));
    }

    [Fact]
    public void PerShare_below_minimum_charges_minimum()
    {
        // 100 × 0.005 = 0.50 < minimum 1.00 → 1.00
        AssertClose.Equal(1.0, new PerShareCommission(0.005, 1.0).Commission(Fill(100, 50)));
    }

    [Fact]
    public void PerShare_above_minimum_charges_per_share()
    {
        // 1,000 × 0.005 = 5.00 > minimum 1.00 → 5.00
        AssertClose.Equal(5.0, new PerShareCommission(0.005, 1.0).Commission(Fill(1000, 50)));
    }

    [Fact]
    public void Fixed_ignores_size()
    {
        Assert.Equal(4.95, new FixedCommission(4.95).Commission(Fill(1, 10)));
        Assert.Equal(4.95, new FixedCommission(4.95).Commission(Fill(10_000, 10)));
    }

    [Fact]
    public void Composite_sums_its_parts()
    {
        // 300 × 0.01 = 3 per share part + 1 fixed = 4
        var model = new CompositeCommission(new PerShareCommission(0.01), new FixedCommission(1));
        AssertClose.Equal(4, model.Commission(Fill(300, 20)));
    }

    [Fact]
    public void Negative_rates_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PercentOfValueCommission(-0.001));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PerShareCommission(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PerShareCommission(0.01, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FixedCommission(double.NaN));
    }

    /// <summary>Buy 100 shares at step 0 (fills at bar 1's open, 100), sell them at step 1 (fills at bar 2's open, 110).</summary>
    static Quarry.Backtesting.Results.BacktestResult RoundTrip(ICommissionModel model, double shares = 100, double cash = 100_000)
    {
        var bars = Bars.Of((100, 100, 100, 100), (100, 101, 99, 100), (110, 111, 109, 110));
        var strategy = new ScriptedStrategy().Buy(0, OrderSize.Shares(shares)).Sell(1, OrderSize.WholePosition);
        return Run.On(bars, strategy, new BacktestOptions { Commission = model, InitialCash = cash });
    }

    // Gross P&L of the round trip: 100 × (110 − 100) = 1,000.
    [Theory]
    // 0.1 %: entry 100 × 100 × 0.001 = 10, exit 100 × 110 × 0.001 = 11
    [InlineData("percent", 10, 11)]
    // 0.005/share, min 1: 100 × 0.005 = 0.5 → 1 on both fills
    [InlineData("per-share-min", 1, 1)]
    // 4.95 per fill
    [InlineData("fixed", 4.95, 4.95)]
    // 0.01/share + 0.1 %: entry 1 + 10 = 11, exit 1 + 11 = 12
    [InlineData("composite", 11, 12)]
    public void Backtest_charges_commission_on_entry_and_exit(string name, double entryFee, double exitFee)
    {
        ICommissionModel model = name switch
        {
            "percent" => new PercentOfValueCommission(0.001),
            "per-share-min" => new PerShareCommission(0.005, 1),
            "fixed" => new FixedCommission(4.95),
            _ => new CompositeCommission(new PerShareCommission(0.01), new PercentOfValueCommission(0.001)),
        };
        var result = RoundTrip(model);

        AssertClose.Equal(entryFee, result.Filled(0).Commission);
        AssertClose.Equal(exitFee, result.Filled(1).Commission);
        var trade = Assert.Single(result.Trades);
        AssertClose.Equal(1000, trade.GrossPnl);
        AssertClose.Equal(entryFee + exitFee, trade.Commission);
        AssertClose.Equal(1000 - entryFee - exitFee, trade.NetPnl);
        AssertClose.Equal(entryFee + exitFee, result.TotalCommission);
        // cash: 100,000 − 10,000 − entry fee + 11,000 − exit fee
        AssertClose.Equal(101_000 - entryFee - exitFee, result.FinalValue);
        // after the entry bar: cash 90,000 − fee + 100 shares × close 100
        AssertClose.Equal(100_000 - entryFee, result.Equity[1]);
    }

    [Fact]
    public void PerShare_above_minimum_in_backtest_charges_per_share_on_both_fills()
    {
        // 1,000 shares (cash 200,000 so the 100,000 + 5 entry fits): 1,000 × 0.005 = 5 per fill;
        // gross 1,000 × 10 = 10,000; net 10,000 − 10 = 9,990; final 200,000 + 9,990
        var result = RoundTrip(new PerShareCommission(0.005, 1), shares: 1000, cash: 200_000);
        var trade = Assert.Single(result.Trades);
        AssertClose.Equal(10, trade.Commission);
        AssertClose.Equal(9_990, trade.NetPnl);
        AssertClose.Equal(209_990, result.FinalValue);
    }
}
