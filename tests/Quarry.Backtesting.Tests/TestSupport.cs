using System.Runtime;
using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Orders;
using Quarry.Backtesting.Results;
using Quarry.Backtesting.Strategies;
using Quarry.Core;
using Quarry.Data;

namespace Quarry.Backtesting.Tests;

/// <summary>Hand-made bar series for golden tests: one bar per calendar day from 2024-01-01.</summary>
internal static class Bars
{
    public static readonly DateTime Start = new(2024, 1, 1);

    /// <summary>Time of bar <paramref name="i"/>.</summary>
    public static DateTime T(int i) => Start.AddDays(i);

    /// <summary>A series from (open, high, low, close) tuples; volume 0.</summary>
    public static BarSeries Of(params (double O, double H, double L, double C)[] bars) => Of("TEST", bars);

    /// <summary>A series named <paramref name="symbol"/> from (open, high, low, close) tuples.</summary>
    public static BarSeries Of(string symbol, params (double O, double H, double L, double C)[] bars) =>
        FromColumns(symbol, [.. bars.Select(b => b.O)], [.. bars.Select(b => b.H)], [.. bars.Select(b => b.L)], [.. bars.Select(b => b.C)]);

    /// <summary>Bars whose open, high, low and close are all equal to the given prices.</summary>
    public static BarSeries Flat(params double[] prices) => Flat("TEST", prices);

    /// <summary>Flat bars named <paramref name="symbol"/>.</summary>
    public static BarSeries Flat(string symbol, params double[] prices) =>
        FromColumns(symbol, [.. prices], [.. prices], [.. prices], [.. prices]);

    /// <summary>A series from columns; times are consecutive days from <see cref="Start"/>.</summary>
    public static BarSeries FromColumns(string symbol, double[] open, double[] high, double[] low, double[] close) =>
        new(symbol, [.. Enumerable.Range(0, close.Length).Select(T)], open, high, low, close, new double[close.Length]);

    /// <summary>A copy of <paramref name="series"/> with new price columns (same symbol and times).</summary>
    public static BarSeries WithPrices(BarSeries series, double[] open, double[] high, double[] low, double[] close) =>
        new(series.Symbol, series.Time, open, high, low, close, series.Volume, null);

    /// <summary>A random walk with valid OHLC (low ≤ open, close ≤ high), prices around 100.</summary>
    public static BarSeries RandomWalk(int count, int seed, string symbol = "RND")
    {
        var random = new Random(seed);
        double[] open = new double[count], high = new double[count], low = new double[count], close = new double[count];
        double previous = 100;
        for (int i = 0; i < count; i++)
        {
            open[i] = previous * (1 + 0.01 * (random.NextDouble() - 0.5));
            close[i] = open[i] * (1 + 0.04 * (random.NextDouble() - 0.5));
            high[i] = Math.Max(open[i], close[i]) * (1 + 0.01 * random.NextDouble());
            low[i] = Math.Min(open[i], close[i]) * (1 - 0.01 * random.NextDouble());
            previous = close[i];
        }
        return FromColumns(symbol, open, high, low, close);
    }
}

/// <summary>The repository's sample data, located by walking up to Quarry.slnx.</summary>
internal static class SampleData
{
    static readonly Lazy<string> RootPath = new(FindRoot);
    static readonly Lazy<BarSeries> OrclSeries = new(() => Load("orcl-1995-2014.txt"));

    public static string Root => RootPath.Value;

    /// <summary>Path of a file in samples/data.</summary>
    public static string Path(string name) => System.IO.Path.Combine(Root, "samples", "data", name);

    /// <summary>Loads a sample file with <see cref="MarketData.Load"/>.</summary>
    public static BarSeries Load(string name) => MarketData.Load(Path(name));

    /// <summary>orcl-1995-2014, raw (unadjusted) prices, cached.</summary>
    public static BarSeries Orcl => OrclSeries.Value;

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Quarry.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"No Quarry.slnx above {AppContext.BaseDirectory}.");
    }
}

/// <summary>A strategy that runs given actions at given steps of the timeline (and nothing else).</summary>
internal sealed class ScriptedStrategy : Strategy
{
    readonly Dictionary<int, List<Action<StrategyContext>>> _actions = [];

    /// <summary>Adds an action at step <paramref name="step"/>; returns this for chaining.</summary>
    public ScriptedStrategy At(int step, Action<StrategyContext> action)
    {
        if (!_actions.TryGetValue(step, out var list)) _actions[step] = list = [];
        list.Add(action);
        return this;
    }

    /// <summary>Ids returned by Buy/Sell in the order they were submitted.</summary>
    public List<int> Ids { get; } = [];

    public ScriptedStrategy Buy(int step, OrderSize size, OrderType type = OrderType.Market, double limit = double.NaN,
        double stop = double.NaN, int symbol = 0) => At(step, c => Ids.Add(c.Buy(symbol, size, type, limit, stop)));

    public ScriptedStrategy Sell(int step, OrderSize size, OrderType type = OrderType.Market, double limit = double.NaN,
        double stop = double.NaN, int symbol = 0) => At(step, c => Ids.Add(c.Sell(symbol, size, type, limit, stop)));

    public ScriptedStrategy GoLong(int step, int symbol = 0) => At(step, c => c.GoLong(symbol));

    public ScriptedStrategy GoShort(int step, int symbol = 0) => At(step, c => c.GoShort(symbol));

    public ScriptedStrategy GoFlat(int step, int symbol = 0) => At(step, c => c.GoFlat(symbol));

    public override void OnBar(StrategyContext context)
    {
        if (_actions.TryGetValue(context.Step, out var list))
            foreach (var action in list) action(context);
    }
}

/// <summary>A signal strategy whose signal column is given up front (must match the series length).</summary>
internal sealed class ColumnStrategy(sbyte[] column) : SignalStrategy
{
    public override void ComputeSignals(BarSeries series, IndicatorCache indicators, Span<sbyte> signals) =>
        column.AsSpan(0, signals.Length).CopyTo(signals);
}

/// <summary>A strategy that never trades.</summary>
internal sealed class IdleStrategy : Strategy
{
    public override void OnBar(StrategyContext context) { }
}

internal static class Run
{
    /// <summary>Runs <paramref name="strategy"/> on one series.</summary>
    public static BacktestResult On(BarSeries bars, Strategy strategy, BacktestOptions? options = null) =>
        BacktestEngine.Run(strategy, bars, options ?? new BacktestOptions());

    /// <summary>The only filled order, or fails.</summary>
    public static OrderRecord Filled(this BacktestResult result, int index = 0) =>
        result.Orders.Where(o => o.Status == OrderStatus.Filled).ElementAt(index);
}

internal static class AssertClose
{
    /// <summary>|expected − actual| ≤ tolerance × max(1, |expected|).</summary>
    public static void Equal(double expected, double actual, double tolerance = 1e-9)
    {
        double scale = Math.Max(1.0, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance * scale, $"expected {expected:R}, actual {actual:R}");
    }
}

internal static class Allocation
{
    // A no-GC region is process-wide: tests measuring in parallel would start one inside another's.
    static readonly Lock Gate = new();

    /// <summary>
    /// Bytes allocated on this thread by <paramref name="action"/>: the least of a few calls, each inside a no-GC region
    /// (a collection during the call can add a few hundred bytes of accounting noise, and one-off runtime work such as
    /// tiered compilation may land on this thread once).
    /// </summary>
    public static long Measure(Action action, long budget = 64L << 20)
    {
        lock (Gate) return MeasureAlone(action, budget);
    }

    static long MeasureAlone(Action action, long budget)
    {
        long least = long.MaxValue;
        for (int k = 0; k < 5; k++)
        {
            bool noGc = GC.TryStartNoGCRegion(budget);
            try
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                action();
                least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            finally
            {
                if (noGc && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
            }
        }
        return least;
    }
}
