using Quarry.Backtesting.Costs;
using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Results;
using Quarry.Backtesting.Sizing;
using Quarry.Backtesting.Strategies.BuiltIn;
using Quarry.Backtesting.Sweeps;
using Quarry.Core;

namespace Quarry.Backtesting.Tests.Sweeps;

/// <summary>
/// The vectorised signal path and the event-driven engine give bit-identical results for sma-cross on
/// orcl-1995-2014 over the whole grid fast 5..50 step 5 × slow 20..200 step 20, under several option sets.
/// </summary>
public class VectorizedBacktestEquivalenceTests
{
    static readonly BacktestOptions Reference = new() { InitialCash = 100_000, Commission = new PercentOfValueCommission(0.001) };

    public static TheoryData<string> OptionSets() =>
        ["reference", "slippage-and-spread", "fill-at-close", "allow-short", "fixed-fraction", "atr-risk", "fractional"];

    static BacktestOptions OptionsFor(string set) => set switch
    {
        "reference" => Reference,
        "slippage-and-spread" => Reference with { SlippageBps = 5, SpreadBps = 10 },
        "fill-at-close" => Reference with { Fill = FillTiming.Close },
        "allow-short" => Reference with { AllowShort = true },
        "fixed-fraction" => Reference with { Sizer = new FixedFractionSizer(0.5) },
        "atr-risk" => Reference with { Sizer = new AtrRiskSizer(0.01, 2, 14), AllowShort = true },
        _ => Reference with { FractionalShares = true, AllowShort = true, SlippageBps = 3 },
    };

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void Vectorized_and_engine_are_identical_over_the_whole_grid(string set)
    {
        var options = OptionsFor(set);
        var orcl = SampleData.Orcl;
        IndicatorCache engineCache = new(), vectorCache = new();
        int cells = 0, trades = 0;
        for (int fast = 5; fast <= 50; fast += 5)
        for (int slow = 20; slow <= 200; slow += 20)
        {
            var engine = BacktestEngine.Run(new SmaCross { Fast = fast, Slow = slow }, orcl, options, engineCache);
            var vector = VectorizedBacktest.Run(new SmaCross { Fast = fast, Slow = slow }, orcl, options, vectorCache);
            AssertIdentical(engine, vector, $"{set} fast={fast} slow={slow}");
            cells++;
            trades += engine.Trades.Count;
        }
        Assert.Equal(100, cells);
        Assert.True(trades > 1000, $"only {trades} trades over the grid");
    }

    static void AssertIdentical(BacktestResult engine, BacktestResult vector, string cell)
    {
        Assert.True(engine.FinalValue == vector.FinalValue, $"{cell}: final value {engine.FinalValue:R} vs {vector.FinalValue:R}");
        Assert.True(engine.Trades.Count == vector.Trades.Count, $"{cell}: {engine.Trades.Count} vs {vector.Trades.Count} trades");
        for (int k = 0; k < engine.Trades.Count; k++)
            Assert.True(engine.Trades[k] == vector.Trades[k], $"{cell}: trade {k} {engine.Trades[k]} vs {vector.Trades[k]}");
        Assert.True(engine.Equity.AsSpan().SequenceEqual(vector.Equity), $"{cell}: equity curves differ");
        Assert.True(engine.Cash.AsSpan().SequenceEqual(vector.Cash), $"{cell}: cash curves differ");
        Assert.True(engine.GrossExposure.AsSpan().SequenceEqual(vector.GrossExposure), $"{cell}: exposure curves differ");
        Assert.Equal(engine.TotalCommission, vector.TotalCommission);
        Assert.Equal(engine.TotalSlippage, vector.TotalSlippage);
        Assert.Equal(engine.FinalPositions, vector.FinalPositions);
        Assert.Equal(engine.Summary, vector.Summary);
    }

    [Fact]
    public void Exposure_of_a_position_held_with_negative_equity_matches_the_engine()
    {
        // short floor(100,000 / 100) = 1,000 at bar 1's open; price triples: equity 200,000 − 1,000 × 300 = −100,000.
        // Both paths must report infinite exposure there (the position is still held), so the summaries agree.
        var bars = Bars.Flat(100, 100, 300, 300);
        sbyte[] signals = [Quarry.Backtesting.Strategies.Signal.Short, 0, 0, 0];
        var options = new BacktestOptions { AllowShort = true };
        var engine = BacktestEngine.Run(new ColumnStrategy(signals), bars, options);
        var vector = VectorizedBacktest.Run(new ColumnStrategy(signals), bars, options);
        Assert.Equal(-100_000, vector.FinalValue);
        Assert.Equal([0, 1, double.PositiveInfinity, double.PositiveInfinity], vector.GrossExposure);
        Assert.Equal(engine.GrossExposure, vector.GrossExposure);
        Assert.Equal(engine.Summary, vector.Summary);
    }

    [Fact]
    public void Vectorized_refuses_exit_rules_and_close_at_end()
    {
        var strategy = new SmaCross();
        Assert.Throws<QuarryException>(() => VectorizedBacktest.Run(strategy, SampleData.Orcl, Reference with { CloseAtEnd = true }));
        Assert.Throws<QuarryException>(() => VectorizedBacktest.Run(strategy, SampleData.Orcl, Reference with { Exits = new ExitRules { StopLoss = 0.1 } }));
        Assert.False(VectorizedBacktest.Supports(Reference with { Exits = new ExitRules { TimeStopBars = 3 } }));
        Assert.True(VectorizedBacktest.Supports(Reference));
    }
}
