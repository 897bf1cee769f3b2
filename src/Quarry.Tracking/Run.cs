namespace Quarry.Tracking;

/// <summary>A run: metadata and logged data, a snapshot.</summary>
/// <param name="Info">Metadata.</param>
/// <param name="Data">Latest metrics, params and tags.</param>
public sealed record Run(RunInfo Info, RunData Data)
{
    /// <summary>The datasets the run used (<see cref="ITrackingStore.LogInputsAsync"/>), ordered by dataset name then digest; empty when none.</summary>
    public IReadOnlyList<RunInput> Inputs { get; init; } = [];
}
