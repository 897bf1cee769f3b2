namespace Quarry.Tracking;

/// <summary>One logged metric point. <paramref name="Value"/> may be NaN or ±∞ (stored and returned as such).</summary>
/// <param name="Key">Metric name, ≤ 250 characters.</param>
/// <param name="Value">The value.</param>
/// <param name="Timestamp">Milliseconds since the Unix epoch, ≥ 0.</param>
/// <param name="Step">Step (MLflow's default 0).</param>
public sealed record Metric(string Key, double Value, long Timestamp, long Step = 0)
{
    /// <summary>The logged model the point is also linked to (MLflow 3's <c>model_id</c>), or null; it must exist.</summary>
    public string? ModelId { get; init; }
}
