using System.Diagnostics;
using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Results;
using Quarry.Backtesting.Strategies;
using Quarry.Core;

namespace Quarry.Backtesting.Sweeps;

/// <summary>
/// Runs a strategy over every cell of a parameter grid in parallel, sharing indicator columns between cells.
/// Signal strategies on one symbol take the vectorised path (per-thread buffers, nothing kept per cell but its
/// summary); everything else runs the event-driven engine. Either way each cell's summary equals what a single
/// backtest reports.
/// </summary>
public static class Sweep
{
    /// <summary>Runs the sweep.</summary>
    /// <param name="strategyType">A <see cref="Strategy"/> type with a parameterless constructor.</param>
    /// <param name="data">The data, one series per symbol.</param>
    /// <param name="grid">Parameter grid; unswept parameters keep their defaults.</param>
    /// <param name="options">Backtest options shared by every cell.</param>
    /// <param name="jobs">Threads to use; 0 = all cores.</param>
    /// <param name="progress">Receives the number of finished cells, or null.</param>
    /// <param name="cancellation">Stops the sweep; throws <see cref="OperationCanceledException"/>.</param>
    public static SweepResult Run(Type strategyType, IReadOnlyList<BarSeries> data, ParameterGrid grid, BacktestOptions options,
        int jobs = 0, IProgress<long>? progress = null, CancellationToken cancellation = default)
    {
        options.Validate();
        if (options.PeriodsPerYear == 0 && data.Count > 0)
            options = options with { PeriodsPerYear = Annualization.PeriodsPerYear(data.Count == 1 ? data[0].Time : MergedTimes(data)) };
        var binder = new ParameterBinder(strategyType);
        var parsed = ParseAxes(binder, grid);
        long count = grid.Count;
        if (count > int.MaxValue) throw new QuarryException(ErrorCode.InvalidParameter, $"The grid has {count} cells; at most {int.MaxValue}.");
        bool vectorized = typeof(SignalStrategy).IsAssignableFrom(strategyType) && data.Count == 1 && VectorizedBacktest.Supports(options);
        int degree = jobs > 0 ? jobs : Environment.ProcessorCount;
        var cells = new SweepCell[count];
        var indicators = new IndicatorCache();
        long done = 0;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, (int)count, new ParallelOptions { MaxDegreeOfParallelism = degree, CancellationToken = cancellation },
            () => new Buffers(data[0].Count),
            (index, _, buffers) =>
            {
                var strategy = (Strategy)Activator.CreateInstance(strategyType)!;
                var assignment = grid.Cell(index);
                for (int a = 0; a < assignment.Length; a++) binder.Set(strategy, assignment[a].Key, parsed[a][Position(grid, a, index)]);
                var summary = vectorized
                    ? VectorizedBacktest.Summarize((SignalStrategy)strategy, data[0], options, indicators, buffers.Signals, buffers.Equity)
                    : BacktestEngine.Run(strategy, data, options, indicators).Summary;
                cells[index] = new SweepCell(index, assignment, summary);
                long finished = Interlocked.Increment(ref done);
                progress?.Report(finished);
                return buffers;
            },
            _ => { });
        return new SweepResult(cells, clock.Elapsed.TotalSeconds, degree, vectorized);
    }

    static DateTime[] MergedTimes(IReadOnlyList<BarSeries> data) =>
        [.. data.SelectMany(d => d.Time).Distinct().Order()];

    static object[][] ParseAxes(ParameterBinder binder, ParameterGrid grid) =>
        [.. grid.Axes.Select(axis => axis.Values.Select(v => binder.Parse(axis.Name, v)).ToArray())];

    static int Position(ParameterGrid grid, int axis, long index)
    {
        for (int a = grid.Axes.Count - 1; a > axis; a--) index /= grid.Axes[a].Values.Count;
        return (int)(index % grid.Axes[axis].Values.Count);
    }

    sealed class Buffers(int bars)
    {
        public sbyte[] Signals { get; } = new sbyte[bars];
        public double[] Equity { get; } = new double[bars];
    }
}
