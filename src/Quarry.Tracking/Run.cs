namespace Quarry.Tracking;

/// <summary>A run: metadata and logged data, a snapshot.</summary>
/// <param name="Info">Metadata.</param>
/// <param name="Data">Latest metrics, params and tags.</param>
public sealed record Run(RunInfo Info, RunData Data);
