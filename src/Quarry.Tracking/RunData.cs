namespace Quarry.Tracking;

/// <summary>A run's logged data, a snapshot.</summary>
/// <param name="LatestMetrics">One entry per metric key: the point with the greatest (step, timestamp, value); ordered by key.</param>
/// <param name="Params">The parameters, ordered by key.</param>
/// <param name="Tags">The tags, ordered by key.</param>
public sealed record RunData(IReadOnlyList<Metric> LatestMetrics, IReadOnlyList<Param> Params, IReadOnlyList<RunTag> Tags);
