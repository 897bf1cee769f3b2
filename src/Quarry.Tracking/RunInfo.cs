namespace Quarry.Tracking;

/// <summary>A run's metadata, a snapshot.</summary>
/// <param name="RunId">32 lowercase hexadecimal characters (<c>uuid4().hex</c>).</param>
/// <param name="RunName">The name, kept equal to the tag <c>mlflow.runName</c>.</param>
/// <param name="ExperimentId">The owning experiment.</param>
/// <param name="UserId">Who started the run (may be empty).</param>
/// <param name="Status">The status.</param>
/// <param name="StartTime">Milliseconds since the Unix epoch.</param>
/// <param name="EndTime">Milliseconds since the Unix epoch; null while unset.</param>
/// <param name="ArtifactUri"><c>&lt;experiment artifact location&gt;/&lt;run id&gt;/artifacts</c>.</param>
/// <param name="LifecycleStage"><c>active</c> or <c>deleted</c>.</param>
public sealed record RunInfo(string RunId, string RunName, string ExperimentId, string UserId, RunStatus Status,
    long StartTime, long? EndTime, string ArtifactUri, string LifecycleStage);
