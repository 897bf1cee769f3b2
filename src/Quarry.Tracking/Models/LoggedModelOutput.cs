namespace Quarry.Tracking.Models;

/// <summary>A logged model a run produced, at a step (MLflow's <c>ModelOutput</c>).</summary>
/// <param name="ModelId">The logged model.</param>
/// <param name="Step">The step it was produced at.</param>
public sealed record LoggedModelOutput(string ModelId, long Step);
