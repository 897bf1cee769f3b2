using Quarry.Backtesting.Costs;
using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Orders;
using Quarry.Backtesting.Results;
using Quarry.Backtesting.Strategies.BuiltIn;

namespace Quarry.Backtesting.Tests.Engine;

/// <summary>
/// The reference configuration: SMA(10)/SMA(30) crossover on orcl-1995-2014 raw closes, cash 100,000, 0.1 %
/// commission, next-open fills, all-in, long only. Pinned against the engine's numbers and recomputed by
/// <see cref="NaiveSmaCrossBacktest"/>, which shares no code with the engine.
/// </summary>
public class ReferenceBacktestTests
{
    static readonly BacktestOptions Reference = new() { InitialCash = 100_000, Commission = new PercentOfValueCommission(0.001) };

    static readonly Lazy<BacktestResult> Engine = new(() => BacktestEngine.Run(new SmaCross { Fast = 10, Slow = 30 }, SampleData.Orcl, Reference));
    static readonly Lazy<NaiveSmaCrossBacktest> Naive = new(() =>
        NaiveSmaCrossBacktest.Run(SampleData.Path("orcl-1995-2014.txt"), 10, 30, 100_000, 0.001));

    [Fact]
    public void Reference_run_has_98_trades_and_ends_at_418140_34()
    {
        var result = Engine.Value;
        Assert.Equal(98, result.Trades.Count);          // 97 closed + 1 still open at 2014-12-31
        Assert.Equal(97, result.Trades.Count(t => !t.IsOpen));
        Assert.Equal(418_140.34, Math.Round(result.FinalValue, 2));
        Assert.Equal(418_140.34319683124, result.FinalValue);
    }

    [Fact]
    public void First_trade_is_sized_all_in_including_commission()
    {
        // The first up-cross is on 1995-05-11; the buy fills at the next open, 1995-05-12, 2.37037:
        // floor(100,000 / (2.37037 × 1.001)) = floor(42,145.36…) = 42,145 shares; fee 42,145 × 2.37037 × 0.001 = 99.899…
        var buy = Engine.Value.Orders[0];
        Assert.Equal(new DateTime(1995, 5, 11), buy.SubmittedTime);
        Assert.Equal(new DateTime(1995, 5, 12), buy.FillTime);
        Assert.Equal(2.37037, buy.FillPrice);
        Assert.Equal(42_145, buy.Quantity);
        AssertClose.Equal(42_145 * 2.37037 * 0.001, buy.Commission, 1e-12);
        Assert.True(42_146 * 2.37037 * 1.001 > 100_000);
    }

    [Fact]
    public void Naive_reimplementation_matches_the_engine_exactly()
    {
        var engine = Engine.Value;
        var naive = Naive.Value;

        Assert.Equal(naive.FinalValue, engine.FinalValue);
        Assert.Equal(naive.Cash, engine.Cash[^1]);
        Assert.Equal(naive.Shares, engine.FinalPositions[SampleData.Orcl.Symbol]);
        Assert.Equal(naive.Trades.Count, engine.Trades.Count);

        var fills = engine.Orders.Where(o => o.Status == OrderStatus.Filled).ToList();
        Assert.Equal(2 * naive.Trades.Count - 1, fills.Count); // the last trade is still open
        for (int k = 0; k < naive.Trades.Count; k++)
        {
            var (n, e) = (naive.Trades[k], engine.Trades[k]);
            string at = $"trade {k} ({n.EntryDate})";
            Assert.True(n.EntryDate == $"{e.EntryTime:yyyy-MM-dd}", $"{at}: entry {e.EntryTime:d}");
            Assert.True(n.ExitDate == (e.ExitTime is { } x ? $"{x:yyyy-MM-dd}" : null), $"{at}: exit {e.ExitTime:d}");
            Assert.True(n.Shares == e.Size, $"{at}: {e.Size} shares, naive {n.Shares}");
            // fill prices are the raw opens, exactly
            Assert.True(n.EntryPrice == fills[2 * k].FillPrice, $"{at}: entry fill {fills[2 * k].FillPrice:R}");
            if (n.ExitPrice is { } exit) Assert.True(exit == fills[2 * k + 1].FillPrice, $"{at}: exit fill {fills[2 * k + 1].FillPrice:R}");
            // The trade record's prices are value / quantity (one ulp away from the fill price at times) and its
            // net P&L subtracts the two fees as a sum: equal to the naive figures up to rounding.
            AssertClose.Equal(n.EntryPrice, e.EntryPrice, 1e-15);
            if (n.ExitPrice is { } exitPrice) AssertClose.Equal(exitPrice, e.ExitPrice!.Value, 1e-15);
            AssertClose.Equal(n.NetPnl, e.NetPnl, 1e-14);
        }
    }
}
