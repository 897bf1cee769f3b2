namespace Quarry.Tracking.Models;

/// <summary>What <see cref="ILoggedModelStore.CreateLoggedModelAsync"/> creates (MLflow's <c>CreateLoggedModel</c> request).</summary>
/// <param name="ExperimentId">The active experiment it belongs to.</param>
public sealed record NewLoggedModel(string ExperimentId)
{
    /// <summary>The name; null or empty generates one (<c>adjective-animal-123</c>, as run names).</summary>
    public string? Name { get; init; }

    /// <summary>The model type, or null.</summary>
    public string? ModelType { get; init; }

    /// <summary>The run that produced it, or null; when given it must exist.</summary>
    public string? SourceRunId { get; init; }

    /// <summary>Initial params (keys ≤ 250, values ≤ 6000 characters).</summary>
    public IReadOnlyList<Param> Params { get; init; } = [];

    /// <summary>Initial tags (keys ≤ 250, values ≤ 8000 characters).</summary>
    public IReadOnlyList<RunTag> Tags { get; init; } = [];
}
