using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Orders;
using Quarry.Backtesting.Sizing;

namespace Quarry.Backtesting.Tests.Sizing;

public class KellySizerTests
{
    static SizingContext History(int closed, int wins, double averageWin, double averageLoss) =>
        new(Bars.Flat(100), 0, 100, 1e5, 1e5, double.NaN, closed, wins, averageWin, averageLoss);

    static double Weight(OrderSize size)
    {
        Assert.Equal(SizeKind.PercentOfEquity, size.Kind);
        return size.Amount;
    }

    [Fact]
    public void KellyFraction_is_W_minus_one_minus_W_over_R()
    {
        // 0.6 − 0.4 / 2 = 0.4
        AssertClose.Equal(0.4, KellySizer.KellyFraction(0.6, 2), 1e-15);
        // 0.5 − 0.5 / 1 = 0
        Assert.Equal(0, KellySizer.KellyFraction(0.5, 1));
    }

    [Fact]
    public void Before_min_trades_the_initial_weight_is_used() =>
        Assert.Equal(0.25, Weight(new KellySizer(minTrades: 10, initial: 0.25).Size(History(9, 9, 100, 0))));

    [Fact]
    public void Half_Kelly_from_the_trade_history()
    {
        // W = 6 / 10 = 0.6, R = 200 / 100 = 2: f* = 0.6 − 0.4 / 2 = 0.4; × 0.5 = 0.2
        AssertClose.Equal(0.2, Weight(new KellySizer(scale: 0.5, minTrades: 10).Size(History(10, 6, 200, 100))), 1e-15);
    }

    [Fact]
    public void Weight_is_capped()
    {
        // f* = 0.4 × 1 = 0.4 > cap 0.3 → 0.3
        Assert.Equal(0.3, Weight(new KellySizer(scale: 1, cap: 0.3, minTrades: 10).Size(History(10, 6, 200, 100))));
    }

    [Fact]
    public void Negative_edge_gives_zero_weight()
    {
        // W = 0.3, R = 1: 0.3 − 0.7 = −0.4 → clamped to 0
        Assert.Equal(0, Weight(new KellySizer(scale: 1, minTrades: 10).Size(History(10, 3, 100, 100))));
    }

    [Fact]
    public void No_losses_means_full_Kelly_times_scale()
    {
        // R = ∞ → f* = 1; × 0.5 = 0.5
        Assert.Equal(0.5, Weight(new KellySizer(scale: 0.5, minTrades: 2).Size(History(5, 5, 100, 0))));
    }

    [Fact]
    public void Backtest_sizes_from_its_own_closed_trades()
    {
        // Kelly(scale 1, cap 1, min 2 trades, initial 0.1), cash 10,000, no costs. Flat bars 100,100,120,100,90,100.
        // trade 1: long at bar 1 open 100, 0.1 × 10,000 / 100 = 10 shares; out at bar 2 open 120 → +200 (cash 10,200)
        // trade 2: long at bar 3 open 100, 0.1 × 10,200 / 100 = 10.2 → 10; out at bar 4 open 90 → −100 (cash 10,100)
        // trade 3: W = 1/2, R = 200 / 100 = 2 → f* = 0.5 − 0.5 / 2 = 0.25; 0.25 × 10,100 / 100 = 25.25 → 25 shares
        var bars = Bars.Flat(100, 100, 120, 100, 90, 100);
        var strategy = new ScriptedStrategy().GoLong(0).GoFlat(1).GoLong(2).GoFlat(3).GoLong(4);
        var result = Run.On(bars, strategy, new BacktestOptions { InitialCash = 10_000, Sizer = new KellySizer(1, 1, 2, 0.1) });

        var entries = result.Orders.Where(o => o.Reason == "signal entry").Select(o => o.Quantity);
        Assert.Equal([10.0, 10.0, 25.0], entries);
        Assert.Equal([200.0, -100.0], result.Trades.Where(t => !t.IsOpen).Select(t => t.NetPnl));
    }
}
