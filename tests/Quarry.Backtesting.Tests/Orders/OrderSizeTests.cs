using Quarry.Backtesting.Costs;
using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Orders;
using Quarry.Backtesting.Results;

namespace Quarry.Backtesting.Tests.Orders;

/// <summary>How each <see cref="OrderSize"/> kind resolves into shares at the fill.</summary>
public class OrderSizeTests
{
    static BacktestResult BuyAtOpen(double open, OrderSize size, BacktestOptions options) =>
        Run.On(Bars.Of((100, 100, 100, 100), (open, open, open, open)), new ScriptedStrategy().Buy(0, size), options);

    [Fact]
    public void AllIn_buys_largest_whole_quantity_whose_value_plus_commission_fits_in_cash()
    {
        // cash 10,000, open 99, 0.1 %: 10,000 / (99 × 1.001) = 100.909 → 100 shares;
        // check: 100 × 99 + 9.9 = 9,909.9 ≤ 10,000 and 101 × 99 + 9.999 = 10,008.999 > 10,000
        var result = BuyAtOpen(99, OrderSize.AllIn, new BacktestOptions { InitialCash = 10_000, Commission = new PercentOfValueCommission(0.001) });
        var fill = result.Filled();
        Assert.Equal(100, fill.Quantity);
        AssertClose.Equal(9.9, fill.Commission);
        // 10,000 − 9,900 − 9.9 = 90.1
        AssertClose.Equal(90.1, result.Cash[^1]);
    }

    [Fact]
    public void AllIn_without_commission_buys_floor_of_cash_over_price()
    {
        // 10,000 / 99 = 101.01 → 101 (one more than with 0.1 % commission)
        var result = BuyAtOpen(99, OrderSize.AllIn, new BacktestOptions { InitialCash = 10_000 });
        Assert.Equal(101, result.Filled().Quantity);
        AssertClose.Equal(10_000 - 101 * 99, result.Cash[^1]); // 1
    }

    [Fact]
    public void AllIn_respects_per_share_minimum()
    {
        // cash 1,003, open 10, 0.01/share min 5: 100 shares cost 1,000 + max(1, 5) = 1,005 > 1,003;
        // 99 cost 990 + 5 = 995 ≤ 1,003 → 99; cash left 1,003 − 995 = 8
        var result = BuyAtOpen(10, OrderSize.AllIn, new BacktestOptions { InitialCash = 1003, Commission = new PerShareCommission(0.01, 5) });
        Assert.Equal(99, result.Filled().Quantity);
        AssertClose.Equal(5, result.Filled().Commission);
        AssertClose.Equal(8, result.Cash[^1]);
    }

    [Fact]
    public void AllIn_respects_fixed_commission()
    {
        // cash 1,000, open 10, 5 per fill: 100 → 1,005 > 1,000; 99 → 995 → 99, cash left 5
        var result = BuyAtOpen(10, OrderSize.AllIn, new BacktestOptions { InitialCash = 1000, Commission = new FixedCommission(5) });
        Assert.Equal(99, result.Filled().Quantity);
        AssertClose.Equal(5, result.Cash[^1]);
    }

    [Fact]
    public void AllIn_with_fractional_shares_spends_the_cash_up_to_rounding()
    {
        // q × 80 × 1.001 = 10,000 → q = 10,000 / 80.08 = 124.87512487...
        var options = new BacktestOptions { InitialCash = 10_000, Commission = new PercentOfValueCommission(0.001), FractionalShares = true };
        var result = BuyAtOpen(80, OrderSize.AllIn, options);
        double q = result.Filled().Quantity;
        AssertClose.Equal(10_000 / 80.08, q, 1e-9);
        Assert.True(q * 80 + q * 80 * 0.001 <= 10_000);
        Assert.True(result.Cash[^1] >= 0);
    }

    [Fact]
    public void Value_buys_whole_shares_worth_the_amount()
    {
        // 2,500 / 99 = 25.25 → 25
        var result = BuyAtOpen(99, OrderSize.Value(2500), new BacktestOptions { InitialCash = 10_000 });
        Assert.Equal(25, result.Filled().Quantity);
    }

    [Fact]
    public void Value_with_fractional_shares_is_exact()
    {
        // 2,500 / 80 = 31.25
        var result = BuyAtOpen(80, OrderSize.Value(2500), new BacktestOptions { InitialCash = 10_000, FractionalShares = true });
        Assert.Equal(31.25, result.Filled().Quantity);
    }

    [Fact]
    public void Shares_are_truncated_unless_fractional()
    {
        Assert.Equal(10, BuyAtOpen(50, OrderSize.Shares(10.7), new BacktestOptions()).Filled().Quantity);
        Assert.Equal(10.7, BuyAtOpen(50, OrderSize.Shares(10.7), new BacktestOptions { FractionalShares = true }).Filled().Quantity);
    }

    [Fact]
    public void PercentOfEquity_uses_equity_marked_at_the_signal_close()
    {
        // step 0: buy 50 at bar 1's open 100 → cash 5,000. Bar 1 closes at 120.
        // step 1: 25 % of equity = 0.25 × (5,000 + 50 × 120) = 2,750; at bar 2's open 125 → 22 shares
        var bars = Bars.Of((100, 100, 100, 100), (100, 120, 100, 120), (125, 125, 125, 125));
        var strategy = new ScriptedStrategy().Buy(0, OrderSize.Shares(50)).Buy(1, OrderSize.PercentOfEquity(0.25));
        var result = Run.On(bars, strategy, new BacktestOptions { InitialCash = 10_000 });
        Assert.Equal(22, result.Filled(1).Quantity);
        Assert.Equal(72, result.FinalPositions["TEST"]);
    }

    [Fact]
    public void PercentOfEquity_buys_truncated_shares()
    {
        // 0.5 × 10,000 / 99 = 50.505 → 50
        var result = BuyAtOpen(99, OrderSize.PercentOfEquity(0.5), new BacktestOptions { InitialCash = 10_000 });
        Assert.Equal(50, result.Filled().Quantity);
    }

    [Fact]
    public void TargetPercent_trades_the_difference_to_the_target_rounded_toward_zero()
    {
        // step 0: target 50 %: 0.5 × 10,000 / 99 = 50.5 → buy 50 at 99; cash 5,050; bar 1 closes at 100.
        // step 1: target 20 %: equity 5,050 + 50 × 100 = 10,050; 0.2 × 10,050 / 100 − 50 = −29.9 → sell 29
        var bars = Bars.Of((100, 100, 100, 100), (99, 100, 99, 100), (100, 100, 100, 100));
        var strategy = new ScriptedStrategy().Buy(0, OrderSize.TargetPercent(0.5)).Buy(1, OrderSize.TargetPercent(0.2));
        var result = Run.On(bars, strategy, new BacktestOptions { InitialCash = 10_000 });
        Assert.Equal(50, result.Filled(0).Quantity);
        Assert.Equal(-29, result.Filled(1).Quantity);
        Assert.Equal(21, result.FinalPositions["TEST"]);
    }

    [Fact]
    public void TargetPercent_negative_opens_a_short_when_allowed()
    {
        // −0.5 × 10,000 / 100 = −50
        var result = BuyAtOpen(100, OrderSize.TargetPercent(-0.5), new BacktestOptions { InitialCash = 10_000, AllowShort = true });
        Assert.Equal(-50, result.Filled().Quantity);
    }

    [Fact]
    public void TargetPercent_negative_without_shorting_only_closes_the_long()
    {
        // long 50 at 100; target −50 %: −0.5 × 10,000 / 100 − 50 = −100 → clipped to −50 (flat)
        var bars = Bars.Of((100, 100, 100, 100), (100, 100, 100, 100), (100, 100, 100, 100));
        var strategy = new ScriptedStrategy().Buy(0, OrderSize.Shares(50)).Sell(1, OrderSize.TargetPercent(-0.5));
        var result = Run.On(bars, strategy, new BacktestOptions { InitialCash = 10_000 });
        Assert.Equal(-50, result.Filled(1).Quantity);
        Assert.Equal(0, result.FinalPositions["TEST"]);
    }

    [Fact]
    public void Sell_AllIn_closes_a_long_and_opens_an_equity_sized_short_from_flat()
    {
        // long 30 → sell AllIn sells 30. From flat with shorting: −floor(equity 10,000 / 100) = −100
        var bars = Bars.Flat(100, 100, 100, 100);
        var strategy = new ScriptedStrategy().Buy(0, OrderSize.Shares(30)).Sell(1, OrderSize.AllIn).Sell(2, OrderSize.AllIn);
        var result = Run.On(bars, strategy, new BacktestOptions { InitialCash = 10_000, AllowShort = true });
        Assert.Equal(-30, result.Filled(1).Quantity);
        Assert.Equal(-100, result.Filled(2).Quantity);
    }

    [Fact]
    public void Buy_larger_than_cash_is_clipped_to_what_cash_affords()
    {
        // 200 × 100 = 20,000 > 10,000 → floor(10,000 / 100) = 100
        var result = BuyAtOpen(100, OrderSize.Shares(200), new BacktestOptions { InitialCash = 10_000 });
        Assert.Equal(100, result.Filled().Quantity);
        Assert.Equal(0, result.Cash[^1]);
    }
}
