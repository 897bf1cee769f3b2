using Quarry.Backtesting.Costs;
using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Strategies;
using Quarry.Backtesting.Strategies.BuiltIn;
using Quarry.Backtesting.Sweeps;
using Quarry.Core;

namespace Quarry.Backtesting.Tests.Sweeps;

/// <summary>Each sweep cell's summary equals what a single backtest with the cell's parameters reports.</summary>
public class SweepTests
{
    static readonly BacktestOptions Reference = new() { InitialCash = 100_000, Commission = new PercentOfValueCommission(0.001) };

    static Strategy Configure(Type type, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var strategy = (Strategy)Activator.CreateInstance(type)!;
        StrategyParameters.Apply(strategy, parameters);
        return strategy;
    }

    [Fact]
    public void Vectorized_sweep_cells_equal_single_engine_runs()
    {
        var grid = ParameterGrid.Parse(["fast=5,10,20", "slow=30:90:30"]);
        var result = Sweep.Run(typeof(SmaCross), [SampleData.Orcl], grid, Reference, jobs: 2);

        Assert.True(result.Vectorized);
        Assert.Equal(9, result.Cells.Count);
        foreach (var cell in result.Cells)
        {
            var single = BacktestEngine.Run(Configure(typeof(SmaCross), cell.Parameters), SampleData.Orcl, Reference);
            Assert.Equal(single.Summary, cell.Summary);
        }
    }

    [Fact]
    public void Engine_sweep_cells_equal_single_engine_runs()
    {
        // exit rules force the event-driven path
        var options = Reference with { Exits = new ExitRules { StopLoss = 0.07 } };
        var grid = ParameterGrid.Parse(["entry=10,20", "exit=5,10"]);
        var result = Sweep.Run(typeof(DonchianBreakout), [SampleData.Orcl], grid, options, jobs: 2);

        Assert.False(result.Vectorized);
        foreach (var cell in result.Cells)
            Assert.Equal(BacktestEngine.Run(Configure(typeof(DonchianBreakout), cell.Parameters), SampleData.Orcl, options).Summary, cell.Summary);
    }

    [Fact]
    public void Cells_are_in_grid_order_with_the_last_axis_fastest()
    {
        var grid = ParameterGrid.Parse(["fast=5,10", "slow=30,60,90"]);
        var result = Sweep.Run(typeof(SmaCross), [SampleData.Orcl], grid, Reference, jobs: 3);
        Assert.Equal([0L, 1, 2, 3, 4, 5], result.Cells.Select(c => c.Index));
        Assert.Equal(["5/30", "5/60", "5/90", "10/30", "10/60", "10/90"],
            result.Cells.Select(c => $"{c.Parameters[0].Value}/{c.Parameters[1].Value}"));
    }

    [Fact]
    public void Unknown_parameter_in_the_grid_is_reported_before_running()
    {
        var grid = ParameterGrid.Parse(["fats=5,10"]);
        var error = Assert.Throws<QuarryException>(() => Sweep.Run(typeof(SmaCross), [SampleData.Orcl], grid, Reference));
        Assert.Contains("'fats'", error.Message, StringComparison.Ordinal);
        Assert.Contains("fast, slow", error.Message, StringComparison.Ordinal);
    }
}
