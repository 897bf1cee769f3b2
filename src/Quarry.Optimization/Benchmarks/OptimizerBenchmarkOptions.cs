namespace Quarry.Optimization.Benchmarks;

/// <summary>Settings of <see cref="OptimizerBenchmark.Run"/>.</summary>
public sealed record OptimizerBenchmarkOptions
{
    /// <summary>Completed-history sizes for the ask() cost (empty to skip it). Default 1,000 and 5,000.</summary>
    public IReadOnlyList<int> HistorySizes { get; init; } = [1000, 5000];

    /// <summary>ask() rounds per history size. Default 20.</summary>
    public int Asks { get; init; } = 20;
}
