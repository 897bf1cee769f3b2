using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Tests.Sweeps;

namespace Quarry.Backtesting.Tests.Engine;

/// <summary>The engine's bar loop allocates nothing per bar: beyond the three result columns, a run without orders costs a constant.</summary>
public class BacktestEngineAllocationTests
{
    static long Allocated(int bars)
    {
        var series = VectorizedBacktestAllocationTests.Synthetic(bars);
        var options = new BacktestOptions();
        BacktestEngine.Run(new IdleStrategy(), series, options);
        return Allocation.Measure(() => BacktestEngine.Run(new IdleStrategy(), series, options));
    }

    [Fact]
    public void Run_without_orders_allocates_only_the_result_columns_beyond_a_constant()
    {
        // result columns: equity, cash and gross exposure, 8 bytes per bar each
        const int ResultBytesPerBar = 3 * sizeof(double);
        long small = Allocated(1_000) - ResultBytesPerBar * 1_000L;
        long large = Allocated(100_000) - ResultBytesPerBar * 100_000L;
        Assert.True(Math.Abs(large - small) <= 256, $"fixed part: {small} bytes at 1,000 bars, {large} bytes at 100,000 bars");
    }
}
