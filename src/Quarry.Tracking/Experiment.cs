namespace Quarry.Tracking;

/// <summary>An experiment, a snapshot.</summary>
/// <param name="ExperimentId">The id: the string form of an integer; <c>"0"</c> is <c>Default</c>.</param>
/// <param name="Name">Unique name (deleted experiments keep theirs reserved), ≤ 500 characters.</param>
/// <param name="ArtifactLocation">Root of the runs' artifacts (default <c>mlflow-artifacts:/&lt;id&gt;</c>).</param>
/// <param name="LifecycleStage"><c>active</c> or <c>deleted</c>.</param>
/// <param name="CreationTime">Milliseconds since the Unix epoch.</param>
/// <param name="LastUpdateTime">Milliseconds since the Unix epoch.</param>
/// <param name="Tags">Experiment tags.</param>
public sealed record Experiment(string ExperimentId, string Name, string ArtifactLocation, string LifecycleStage,
    long CreationTime, long LastUpdateTime, IReadOnlyDictionary<string, string> Tags);
