using Quarry.Optimization.Benchmarks;
using Xunit.Abstractions;

namespace Quarry.Optimization.Tests.Benchmarks;

/// <summary>A [Fact] that only runs when QUARRY_BENCHMARK=1 (the full optimizer benchmark takes minutes).</summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public BenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("QUARRY_BENCHMARK") != "1")
            Skip = "Long-running benchmark: set QUARRY_BENCHMARK=1 (and run in Release) to execute it.";
    }
}

[Trait("Category", "Benchmark")]
public class OptimizerBenchmarkRun(ITestOutputHelper output)
{
    /// <summary>
    /// shared/bench/optimizer.md: five objectives, default TPE and random, 200 trials × 10 seeds, ask() cost at 1,000 and
    /// 5,000 trials. Writes the tables to the test output and JSON files to $QUARRY_BENCHMARK_OUT (default: temp dir).
    /// Never pass/fail on numbers.
    /// </summary>
    [BenchmarkFact]
    public void Five_objectives_tpe_and_random()
    {
        string dir = Environment.GetEnvironmentVariable("QUARRY_BENCHMARK_OUT") ?? Path.Combine(Path.GetTempPath(), "quarry-optimizer-benchmark");
        Directory.CreateDirectory(dir);
        var results = new List<OptimizerBenchmarkResult>();
        foreach (var objective in BenchmarkObjectives.All)
            foreach (var sampler in new[] { "tpe", "random" })
            {
                var r = OptimizerBenchmark.Run(objective, sampler, trials: 200, seeds: 10);
                File.WriteAllText(Path.Combine(dir, $"{objective.Name}-{sampler}.json"), r.ToJson());
                results.Add(r);
            }
        output.WriteLine(OptimizerBenchmarkResult.ToTable(results));
    }
}
