using System.Text.Json;
using Quarry.Core;
using Quarry.Optimization.Benchmarks;
using Quarry.Optimization.Distributions;

namespace Quarry.Optimization.Tests.Benchmarks;

public class OptimizerBenchmarkTests
{
    [Fact]
    public void Objectives_reach_their_documented_minima()
    {
        Assert.Equal(0.397887357729738, BenchmarkObjectives.Branin.Evaluate([Math.PI, 2.275]), 12);
        Assert.Equal(0.397887357729738, BenchmarkObjectives.Branin.Evaluate([-Math.PI, 12.275]), 12);
        Assert.Equal(-3.322368011391339, BenchmarkObjectives.Hartmann6.Evaluate([0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573]), 5);
        Assert.Equal(0.0, BenchmarkObjectives.Rosenbrock10.Evaluate(Enumerable.Repeat(1.0, 10).ToArray()));
        Assert.Equal(9.0, BenchmarkObjectives.Rosenbrock10.Evaluate(new double[10]));
        Assert.InRange(BenchmarkObjectives.Ackley5.Evaluate(new double[5]), 0, 1e-15);
        Assert.Equal(0.0, BenchmarkObjectives.Mixed.Evaluate([1.5, 0.01, 7, 1]), 15);
        // off(a) = 0.5, off(c) = 1; 0.1(n − 7)²; u² + v² + uv at u = 1, v = 1 is 3.
        Assert.Equal(0.5 + 0.4 + 3, BenchmarkObjectives.Mixed.Evaluate([2.5, 0.1, 9, 0]), 12);
        Assert.Equal(1.0, BenchmarkObjectives.Mixed.Evaluate([1.5, 0.01, 7, 2]), 15);
    }

    [Fact]
    public void Search_spaces_match_the_benchmark_definition()
    {
        Assert.Equal(["x0", "x1"], BenchmarkObjectives.Branin.Space.Select(p => p.Name));
        Assert.Equal(new FloatDistribution(-5, 10), BenchmarkObjectives.Branin.Space[0].Distribution);
        Assert.Equal(new FloatDistribution(0, 15), BenchmarkObjectives.Branin.Space[1].Distribution);
        Assert.All(BenchmarkObjectives.Hartmann6.Space, p => Assert.Equal(new FloatDistribution(0, 1), p.Distribution));
        Assert.Equal(10, BenchmarkObjectives.Rosenbrock10.Space.Count);
        Assert.All(BenchmarkObjectives.Ackley5.Space, p => Assert.Equal(new FloatDistribution(-32.768, 32.768), p.Distribution));
        var mixed = BenchmarkObjectives.Mixed.Space;
        Assert.Equal(["x", "y", "n", "c"], mixed.Select(p => p.Name));
        Assert.Equal(new FloatDistribution(0.001, 1, log: true), mixed[1].Distribution);
        Assert.Equal(new IntDistribution(1, 20), mixed[2].Distribution);
        Assert.Equal(new CategoricalDistribution(["a", "b", "c"]), mixed[3].Distribution);
        Assert.Equal(BenchmarkObjectives.Mixed, BenchmarkObjectives.Get("MIXED"));
        Assert.Equal(ErrorCode.NotFound, Assert.Throws<QuarryException>(() => BenchmarkObjectives.Get("sphere")).Code);
    }

    [Fact]
    public void Percentile_interpolates_linearly_like_numpy()
    {
        double[] v = [4, 1, 3, 2];
        Assert.Equal(2.5, OptimizerBenchmark.Percentile(v, 50));
        Assert.Equal(1.75, OptimizerBenchmark.Percentile(v, 25));
        Assert.Equal(3.25, OptimizerBenchmark.Percentile(v, 75));
        Assert.True(double.IsNaN(OptimizerBenchmark.Percentile([], 50)));
    }

    [Fact]
    public void Run_summarises_best_values_and_formats_table_and_json()
    {
        var r = OptimizerBenchmark.Run(BenchmarkObjectives.Mixed, "tpe", trials: 50, seeds: 3,
            new OptimizerBenchmarkOptions { HistorySizes = [100], Asks = 3 });
        Assert.Equal([25, 50], r.BestAt.Keys);
        Assert.True(r.BestAt[50].Median <= r.BestAt[25].Median);
        Assert.True(r.BestAt[50].Q25 <= r.BestAt[50].Median && r.BestAt[50].Median <= r.BestAt[50].Q75);
        Assert.True(r.OverheadMsMean > 0);
        Assert.True(r.Ask[100].MedianMs > 0);

        using var json = JsonDocument.Parse(r.ToJson());
        var root = json.RootElement;
        Assert.Equal("mixed", root.GetProperty("objective").GetString());
        Assert.Equal("tpe", root.GetProperty("sampler").GetString());
        Assert.Equal(r.BestAt[25].Median, root.GetProperty("best_at").GetProperty("25").GetProperty("median").GetDouble());
        Assert.True(root.GetProperty("best_at").GetProperty("50").TryGetProperty("q75", out _));
        Assert.True(root.GetProperty("overhead_ms_mean").GetDouble() > 0);
        Assert.Equal(r.Ask[100].MedianMs, root.GetProperty("ask_ms").GetProperty("100").GetDouble());

        var table = r.ToTable();
        Assert.Contains("| objective (f*) | sampler | @25 | @50 |", table);
        Assert.Contains("| mixed (0) | tpe |", table);
        Assert.Contains("| mixed | 100 | tpe |", table);
    }

    [Fact]
    public void Same_seeds_give_the_same_best_values()
    {
        var options = new OptimizerBenchmarkOptions { HistorySizes = [] };
        var a = OptimizerBenchmark.Run(BenchmarkObjectives.Branin, "tpe-31", 30, 2, options);
        var b = OptimizerBenchmark.Run(BenchmarkObjectives.Branin, "tpe-31", 30, 2, options);
        Assert.Equal(a.BestAt[25], b.BestAt[25]);
        Assert.Equal(ErrorCode.InvalidParameter, Assert.Throws<QuarryException>(() => OptimizerBenchmark.Run(BenchmarkObjectives.Branin, "cmaes", 10, 1)).Code);
    }

    [Theory]
    [InlineData(0.4142, "0.4142")]
    [InlineData(57300.0, "5.73e+04")]
    [InlineData(791.94, "791.9")]
    [InlineData(0.007527, "0.007527")]
    [InlineData(-3.2391, "-3.239")]
    [InlineData(0.0001077, "0.0001077")]
    [InlineData(0.00001077, "1.077e-05")]
    [InlineData(1088.0, "1088")]
    [InlineData(0.0, "0")]
    [InlineData(9999.6, "1e+04")]
    public void Numbers_are_formatted_like_python_percent_4g(double v, string expected) =>
        Assert.Equal(expected, OptimizerBenchmarkResult.G4(v));
}
