using Quarry.Backtesting.Costs;
using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Strategies.BuiltIn;
using Quarry.Backtesting.Sweeps;
using Quarry.Core;

namespace Quarry.Backtesting.Tests.Sweeps;

/// <summary>
/// The sweep's per-cell path (<see cref="VectorizedBacktest.Summarize"/>) writes into caller-owned buffers: once the
/// indicator columns are cached, what it allocates must not depend on the number of bars (nor of trades).
/// </summary>
public class VectorizedBacktestAllocationTests
{
    /// <summary>Oscillating prices: SMA(5)/SMA(20) cross about every 30 bars, so trades grow with the bar count.</summary>
    internal static BarSeries Synthetic(int count)
    {
        double[] open = new double[count], high = new double[count], low = new double[count], close = new double[count];
        for (int i = 0; i < count; i++)
        {
            close[i] = 100 + 10 * Math.Sin(i * 0.1) + 2 * Math.Sin(i * 0.77);
            open[i] = i == 0 ? close[i] : close[i - 1];
            high[i] = Math.Max(open[i], close[i]) + 0.5;
            low[i] = Math.Min(open[i], close[i]) - 0.5;
        }
        var time = new DateTime[count];
        for (int i = 0; i < count; i++) time[i] = new DateTime(2000, 1, 3).AddDays(i);
        return new BarSeries("SYN", time, open, high, low, close, new double[count]);
    }

    static long Allocated(BarSeries series, BacktestOptions options, out int trades)
    {
        var strategy = new SmaCross { Fast = 5, Slow = 20 };
        var cache = new IndicatorCache();
        var signals = new sbyte[series.Count];
        var equity = new double[series.Count];
        VectorizedBacktest.Summarize(strategy, series, options, cache, signals, equity); // computes and caches the SMA columns
        VectorizedBacktest.Summarize(strategy, series, options, cache, signals, equity);
        int count = 0;
        long allocated = Allocation.Measure(() => count = VectorizedBacktest.Summarize(strategy, series, options, cache, signals, equity).Trades);
        trades = count;
        return allocated;
    }

    [Theory]
    [InlineData(252)]
    [InlineData(0)] // periods per year inferred from the timestamps
    public void Summarize_allocation_does_not_grow_with_bars_or_trades(double periodsPerYear)
    {
        var options = new BacktestOptions { Commission = new PercentOfValueCommission(0.001), AllowShort = true, PeriodsPerYear = periodsPerYear };
        long small = Allocated(Synthetic(1_000), options, out int fewTrades);
        long large = Allocated(Synthetic(100_000), options, out int manyTrades);
        Assert.True(manyTrades > 50 * fewTrades, $"{fewTrades} vs {manyTrades} trades");
        Assert.True(large - small <= 64, $"1,000 bars: {small} bytes; 100,000 bars: {large} bytes");
        Assert.True(large <= 2048, $"{large} bytes per call");
    }
}
