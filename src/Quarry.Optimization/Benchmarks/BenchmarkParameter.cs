using Quarry.Optimization.Distributions;

namespace Quarry.Optimization.Benchmarks;

/// <summary>One parameter of a <see cref="BenchmarkObjective"/>.</summary>
/// <param name="Name">Parameter name.</param>
/// <param name="Distribution">Its domain.</param>
public sealed record BenchmarkParameter(string Name, Distribution Distribution);
