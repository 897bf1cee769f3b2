namespace Quarry.Tracking.Registry;

/// <summary>One version of a registered model, a snapshot.</summary>
/// <param name="Name">The registered model's name.</param>
/// <param name="Version">The version number as a string ("1", "2", …), counted per model from 1.</param>
/// <param name="CreationTimestamp">Milliseconds since the Unix epoch.</param>
/// <param name="LastUpdatedTimestamp">Milliseconds since the Unix epoch.</param>
/// <param name="UserId">Who created it, or null.</param>
/// <param name="CurrentStage">The stage.</param>
/// <param name="Description">Description, or null.</param>
/// <param name="Source">Where the model's files are (a URI such as <c>runs:/ID/model</c> or <c>mlflow-artifacts:/…</c>).</param>
/// <param name="RunId">The run that produced it, or null.</param>
/// <param name="Status">Registration status.</param>
/// <param name="StatusMessage">Status message, or null.</param>
/// <param name="RunLink">A link to the run, or null.</param>
/// <param name="Tags">Tags.</param>
/// <param name="Aliases">The aliases pointing at this version, ordered.</param>
public sealed record ModelVersion(string Name, string Version, long CreationTimestamp, long LastUpdatedTimestamp,
    string? UserId, ModelStage CurrentStage, string? Description, string Source, string? RunId,
    ModelVersionStatus Status, string? StatusMessage, string? RunLink, IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<string> Aliases);
