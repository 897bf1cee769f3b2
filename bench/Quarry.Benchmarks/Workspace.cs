using Quarry.Backtesting.Costs;
using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Strategies.BuiltIn;
using Quarry.Backtesting.Sweeps;
using Quarry.Core;
using Quarry.Data;

namespace Quarry.Benchmarks;

/// <summary>The fixed inputs every benchmark and figure uses: the ORCL sample, the reference options and the grids.</summary>
internal static class Workspace
{
    /// <summary>Bars in samples/data/orcl-1995-2014.txt; BenchmarkDotNet's per-bar figures divide by it.</summary>
    public const int OrclBars = 5036;

    /// <summary>Cells of the reference sweep grid.</summary>
    public const int ReferenceCells = 100;

    /// <summary>The repository root: the first folder above the working directory or the binaries holding Quarry.slnx.</summary>
    public static string RepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Quarry.slnx"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException(
            $"Quarry.slnx not found above '{Directory.GetCurrentDirectory()}' or '{AppContext.BaseDirectory}'; run from inside the repository.");
    }

    /// <summary>Path of the ORCL sample.</summary>
    public static string OrclPath() => Path.Combine(RepoRoot(), "samples", "data", "orcl-1995-2014.txt");

    /// <summary>Loads the ORCL sample and checks it has the expected number of bars.</summary>
    public static BarSeries LoadOrcl()
    {
        var series = MarketData.Load(OrclPath());
        if (series.Count != OrclBars)
            throw new InvalidOperationException($"{OrclPath()} has {series.Count} bars; the benchmarks expect {OrclBars}. Update Workspace.OrclBars.");
        return series;
    }

    /// <summary>100,000 cash, 0.1 % commission, next-open fills, all-in sizing.</summary>
    public static BacktestOptions ReferenceOptions() =>
        new() { InitialCash = 100_000, Commission = new PercentOfValueCommission(0.001) };

    /// <summary>SMA cross 10/30.</summary>
    public static SmaCross ReferenceStrategy() => new() { Fast = 10, Slow = 30 };

    /// <summary>The reference 100-cell grid: fast 5..50 step 5 × slow 20..200 step 20.</summary>
    public static ParameterGrid ReferenceGrid() => ParameterGrid.Parse(["fast=5:50:5", "slow=20:200:20"]);

    /// <summary>A grid of 100, 400 or 1,600 cells for the memory-flatness check.</summary>
    public static ParameterGrid GridOf(int cells) => cells switch
    {
        100 => ReferenceGrid(),
        400 => ParameterGrid.Parse(["fast=5:50:5", "slow=5:200:5"]),
        1600 => ParameterGrid.Parse(["fast=5:200:5", "slow=5:200:5"]),
        _ => throw new ArgumentOutOfRangeException(nameof(cells), cells, "Grids exist for 100, 400 and 1,600 cells."),
    };
}
