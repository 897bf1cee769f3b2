using BenchmarkDotNet.Attributes;
using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Results;
using Quarry.Backtesting.Sweeps;
using Quarry.Core;

namespace Quarry.Benchmarks;

/// <summary>
/// One reference backtest (SMA cross 10/30 on ORCL, 0.1 % commission, next-open, all-in) through the event-driven
/// engine and the vectorised path. Each run computes its own indicators. Times and bytes are per bar.
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    BarSeries _orcl = null!;
    BacktestOptions _options = null!;

    /// <summary>Loads the data once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _orcl = Workspace.LoadOrcl();
        _options = Workspace.ReferenceOptions();
    }

    /// <summary>BacktestEngine.Run, full result with orders.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Workspace.OrclBars)]
    public BacktestResult Engine() => BacktestEngine.Run(Workspace.ReferenceStrategy(), _orcl, _options);

    /// <summary>BacktestEngine.Run and its metrics (Summary is computed lazily, on first read).</summary>
    [Benchmark(OperationsPerInvoke = Workspace.OrclBars)]
    public PerformanceSummary EngineWithSummary() => BacktestEngine.Run(Workspace.ReferenceStrategy(), _orcl, _options).Summary;

    /// <summary>VectorizedBacktest.Run, full result without orders.</summary>
    [Benchmark(OperationsPerInvoke = Workspace.OrclBars)]
    public BacktestResult Vectorized() => VectorizedBacktest.Run(Workspace.ReferenceStrategy(), _orcl, _options);
}
