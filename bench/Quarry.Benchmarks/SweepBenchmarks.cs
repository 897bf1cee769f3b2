using BenchmarkDotNet.Attributes;
using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Strategies.BuiltIn;
using Quarry.Backtesting.Sweeps;
using Quarry.Core;

namespace Quarry.Benchmarks;

/// <summary>
/// The reference 100-cell SMA-cross sweep on ORCL (fast 5..50 step 5 × slow 20..200 step 20), on one thread and on
/// all cores. Every call builds a fresh indicator cache, so indicator computation is included.
/// Times and bytes are per bar × cell (100 × 5,036 per operation).
/// </summary>
[MemoryDiagnoser]
public class SweepBenchmarks
{
    const int BarCells = Workspace.OrclBars * Workspace.ReferenceCells;

    BarSeries[] _orcl = null!;
    BacktestOptions _options = null!;
    ParameterGrid _grid = null!;

    /// <summary>Loads the data and parses the grid once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _orcl = [Workspace.LoadOrcl()];
        _options = Workspace.ReferenceOptions();
        _grid = Workspace.ReferenceGrid();
        if (_grid.Count != Workspace.ReferenceCells)
            throw new InvalidOperationException($"The reference grid has {_grid.Count} cells, not {Workspace.ReferenceCells}.");
    }

    /// <summary>Threads: 1, or 0 for all cores.</summary>
    [Params(1, 0)]
    public int Jobs { get; set; }

    /// <summary>Sweep.Run over the 100 cells.</summary>
    [Benchmark(OperationsPerInvoke = BarCells)]
    public SweepResult SmaCrossGrid() => Sweep.Run(typeof(SmaCross), _orcl, _grid, _options, Jobs);
}
