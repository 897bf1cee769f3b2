namespace Quarry.Tracking.Search;

/// <summary>One logged metric value. Immutable.</summary>
/// <param name="Key">The metric key.</param>
/// <param name="Value">The value (may be NaN or ±infinity).</param>
/// <param name="Timestamp">Milliseconds since the Unix epoch.</param>
/// <param name="Step">The step.</param>
public sealed record MetricPoint(string Key, double Value, long Timestamp, long Step);
