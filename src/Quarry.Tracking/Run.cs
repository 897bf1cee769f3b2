namespace Quarry.Tracking;

/// <summary>A run: metadata and logged data, a snapshot.</summary>
/// <param name="Info">Metadata.</param>
/// <param name="Data">Latest metrics, params and tags.</param>
public sealed record Run(RunInfo Info, RunData Data)
{
    /// <summary>The datasets the run used (<see cref="ITrackingStore.LogInputsAsync"/>), ordered by dataset name then digest; empty when none.</summary>
    public IReadOnlyList<RunInput> Inputs { get; init; } = [];

    /// <summary>The ids of the logged models the run used (<see cref="Models.ILoggedModelStore.LogModelInputsAsync"/>), ordered; empty when none.</summary>
    public IReadOnlyList<string> ModelInputs { get; init; } = [];

    /// <summary>The logged models the run produced (<see cref="Models.ILoggedModelStore.LogOutputsAsync"/>), by model id then step; empty when none.</summary>
    public IReadOnlyList<Models.LoggedModelOutput> ModelOutputs { get; init; } = [];
}
