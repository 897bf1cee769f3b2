using Quarry.Backtesting.Sweeps;
using Quarry.Core;

namespace Quarry.Backtesting.Tests.Sweeps;

public class ParameterGridTests
{
    static IReadOnlyList<string> Values(string spec) => Assert.Single(ParameterGrid.Parse([spec]).Axes).Values;

    [Fact]
    public void Range_with_step_is_inclusive()
    {
        Assert.Equal(["5", "10", "15", "20", "25", "30", "35", "40", "45", "50"], Values("fast=5:50:5"));
        Assert.Equal(10, Values("slow=20:200:20").Count);
    }

    [Fact]
    public void Range_without_step_steps_by_one() => Assert.Equal(["1", "2", "3"], Values("n=1:3"));

    [Fact]
    public void Fractional_range_is_rounded_to_clean_values() =>
        // 0.1 + 2 × 0.1 = 0.30000000000000004 in binary; rounded to 10 decimals → "0.3"
        Assert.Equal(["0.1", "0.2", "0.3"], Values("width=0.1:0.3:0.1"));

    [Fact]
    public void Range_whose_step_does_not_divide_stops_before_stop() => Assert.Equal(["1", "4"], Values("n=1:6:3"));

    [Fact]
    public void List_and_single_value_are_taken_verbatim()
    {
        Assert.Equal(["a", "b", "c"], Values("mode= a , b ,c"));
        Assert.Equal(["7"], Values("fast=7"));
    }

    [Fact]
    public void Count_is_the_product_and_cells_vary_the_last_axis_fastest()
    {
        var grid = ParameterGrid.Parse(["fast=5:50:5", "slow=20:200:20", "flag=true,false"]);
        Assert.Equal(10 * 10 * 2, grid.Count);
        Assert.Equal([new("fast", "5"), new("slow", "20"), new("flag", "false")], grid.Cell(1));
        // index 23 = fast #1 (10), slow #1 (40), flag #1 (false): 1 × 20 + 1 × 2 + 1
        Assert.Equal([new("fast", "10"), new("slow", "40"), new KeyValuePair<string, string>("flag", "false")], grid.Cell(23));
        Assert.Equal([new("fast", "50"), new("slow", "200"), new KeyValuePair<string, string>("flag", "false")], grid.Cell(grid.Count - 1));
    }

    [Fact]
    public void Empty_grid_has_one_cell_with_no_assignments()
    {
        var grid = ParameterGrid.Parse([]);
        Assert.Equal(1, grid.Count);
        Assert.Empty(grid.Cell(0));
    }

    [Theory]
    [InlineData("fast", "expected name=value")]
    [InlineData("fast=", "expected name=value")]
    [InlineData("=5", "expected name=value")]
    [InlineData("fast=50:5", "stop is below start")]
    [InlineData("fast=1:5:0", "the step must be > 0")]
    [InlineData("fast=1:5:-1", "the step must be > 0")]
    [InlineData("fast=a:b", "a range is start:stop or start:stop:step")]
    [InlineData("fast=1:2:3:4", "a range is start:stop or start:stop:step")]
    [InlineData("fast=0:10000000", "at most 1,000,000 per axis")]
    public void Bad_specification_names_itself_and_the_problem(string spec, string problem)
    {
        var error = Assert.Throws<QuarryException>(() => ParameterGrid.Parse([spec]));
        Assert.Equal(ErrorCode.InvalidParameter, error.Code);
        Assert.Contains($"'-p {spec}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameter_given_twice_is_an_error()
    {
        var error = Assert.Throws<QuarryException>(() => ParameterGrid.Parse(["fast=5", "fast=10"]));
        Assert.Contains("parameter 'fast' is given twice", error.Message, StringComparison.Ordinal);
    }
}
