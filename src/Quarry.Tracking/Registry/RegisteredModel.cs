namespace Quarry.Tracking.Registry;

/// <summary>A registered model, a snapshot.</summary>
/// <param name="Name">Unique name.</param>
/// <param name="CreationTimestamp">Milliseconds since the Unix epoch.</param>
/// <param name="LastUpdatedTimestamp">Milliseconds since the Unix epoch.</param>
/// <param name="UserId">Who created it, or null.</param>
/// <param name="Description">Description, or null.</param>
/// <param name="LatestVersions">The latest version in each stage that has one (MLflow's <c>latest_versions</c>), ordered by stage.</param>
/// <param name="Tags">Tags.</param>
/// <param name="Aliases">Alias → version number.</param>
public sealed record RegisteredModel(string Name, long CreationTimestamp, long LastUpdatedTimestamp, string? UserId,
    string? Description, IReadOnlyList<ModelVersion> LatestVersions, IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, string> Aliases);
