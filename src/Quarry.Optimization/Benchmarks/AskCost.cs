namespace Quarry.Optimization.Benchmarks;

/// <summary>ask() cost with a large history.</summary>
/// <param name="MedianMs">Median ask()+suggest time (ms).</param>
/// <param name="MeanMs">Mean ask()+suggest time (ms).</param>
/// <param name="TellMedianMs">Median tell() time (ms).</param>
public readonly record struct AskCost(double MedianMs, double MeanMs, double TellMedianMs);
