namespace Quarry.Tracking.Models;

/// <summary>A metric point linked to a logged model, with the run it was logged to.</summary>
/// <param name="Metric">The point (its <see cref="Metric.ModelId"/> is the model's id).</param>
/// <param name="RunId">The run the point was logged to.</param>
public sealed record LoggedModelMetric(Metric Metric, string RunId);
