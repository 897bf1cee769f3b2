namespace Quarry.Tracking.Registry;

/// <summary>
/// One recorded stage change of a model version (Quarry keeps the history MLflow's open-source store does not).
/// A transition made by <c>archive_existing_versions</c> is recorded for the archived version too.
/// </summary>
/// <param name="Name">The registered model.</param>
/// <param name="Version">The version.</param>
/// <param name="FromStage">The stage before.</param>
/// <param name="ToStage">The stage after.</param>
/// <param name="Timestamp">Milliseconds since the Unix epoch.</param>
/// <param name="UserId">Who made it, or null.</param>
public sealed record StageTransition(string Name, string Version, ModelStage FromStage, ModelStage ToStage,
    long Timestamp, string? UserId);
