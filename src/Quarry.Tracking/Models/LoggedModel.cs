namespace Quarry.Tracking.Models;

/// <summary>
/// An MLflow 3 logged model: a model logged from (or outside) a run, with its own params, tags, linked metrics and
/// artifact location. A snapshot; a deleted model is never returned.
/// </summary>
/// <param name="ModelId">The id, <c>m-</c> followed by 32 lowercase hex digits.</param>
/// <param name="ExperimentId">The experiment it belongs to.</param>
/// <param name="Name">Its name (not unique).</param>
/// <param name="ArtifactUri"><c>&lt;experiment artifact_location&gt;/models/&lt;model_id&gt;/artifacts</c>.</param>
/// <param name="CreationTimestamp">Milliseconds since the Unix epoch.</param>
/// <param name="LastUpdatedTimestamp">Milliseconds since the Unix epoch; bumped by every change.</param>
/// <param name="Status">Upload status.</param>
public sealed record LoggedModel(string ModelId, string ExperimentId, string Name, string ArtifactUri, long CreationTimestamp,
    long LastUpdatedTimestamp, LoggedModelStatus Status)
{
    /// <summary>The model type (e.g. <c>agent</c>), or null.</summary>
    public string? ModelType { get; init; }

    /// <summary>The run that produced it, or null.</summary>
    public string? SourceRunId { get; init; }

    /// <summary>A message about the status (e.g. why an upload failed), or null.</summary>
    public string? StatusMessage { get; init; }

    /// <summary>Tags, ordered by key.</summary>
    public IReadOnlyList<RunTag> Tags { get; init; } = [];

    /// <summary>Params (write-once), ordered by key.</summary>
    public IReadOnlyList<Param> Params { get; init; } = [];

    /// <summary>Every metric point logged with this model's id (log-batch with <see cref="Metric.ModelId"/>), by key, step, timestamp.</summary>
    public IReadOnlyList<LoggedModelMetric> Metrics { get; init; } = [];
}
