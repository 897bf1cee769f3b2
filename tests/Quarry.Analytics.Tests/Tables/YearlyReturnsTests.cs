using Quarry.Analytics.Tables;
using static Quarry.Analytics.Tests.TestData;

namespace Quarry.Analytics.Tests.Tables;

public class YearlyReturnsTests
{
    static readonly DateTime[] Time = Dates("2019-12-30", "2019-12-31", "2020-01-02", "2020-06-01", "2021-03-01");

    [Fact]
    public void Years_compound_strategy_and_benchmark()
    {
        // 2019: 1.1·1.1 − 1 = 0.21, benchmark 1.01·0.99 − 1 = −0.0001
        // 2020: 0.9·1.2 − 1 = 0.08,  benchmark 1.02·1.03 − 1 = 0.0506
        // 2021: −0.05,               benchmark 0.04
        var rows = YearlyReturns.Compute(Time, [0.1, 0.1, -0.1, 0.2, -0.05], [0.01, -0.01, 0.02, 0.03, 0.04]);
        Assert.Equal([2019, 2020, 2021], rows.Select(r => r.Year));
        Close([0.21, 0.08, -0.05], rows.Select(r => r.Strategy).ToArray(), 1e-12);
        Close([-0.0001, 0.0506, 0.04], rows.Select(r => r.Benchmark).ToArray(), 1e-12);
    }

    [Fact]
    public void Without_benchmark_the_benchmark_column_is_NaN()
    {
        double[]? none = null;
        var rows = YearlyReturns.Compute(Time, [0.1, 0.1, -0.1, 0.2, -0.05], none);
        Assert.All(rows, r => Assert.True(double.IsNaN(r.Benchmark)));
        Assert.Equal(3, YearlyReturns.Compute(Time, [0.1, 0.1, -0.1, 0.2, -0.05]).Count);
    }

    [Fact]
    public void Single_value_gives_one_row()
    {
        var row = Assert.Single(YearlyReturns.Compute(Dates("2020-05-05"), [0.07]));
        Assert.Equal(2020, row.Year);
        Assert.Equal(0.07, row.Strategy, 1e-15);   // (1 + 0.07) − 1
        Assert.True(double.IsNaN(row.Benchmark));
    }

    [Fact]
    public void Empty_input_gives_no_rows()
    {
        Assert.Empty(YearlyReturns.Compute([], []));
    }

    [Fact]
    public void Misaligned_benchmark_throws()
    {
        Assert.Throws<ArgumentException>(() => YearlyReturns.Compute(Dates("2020-01-01", "2020-01-02"), [0.1, 0.2], [0.1]));
    }
}
