namespace Quarry.Optimization.Benchmarks;

/// <summary>Median and quartiles over seeds of the best value found.</summary>
/// <param name="Median">50th percentile.</param>
/// <param name="Q25">25th percentile.</param>
/// <param name="Q75">75th percentile.</param>
public readonly record struct BestValueSummary(double Median, double Q25, double Q75);
