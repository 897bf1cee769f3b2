namespace Quarry.Tracking.Registry;

/// <summary>The deprecated-but-ubiquitous stages of a model version; the wire form is the canonical name.</summary>
public enum ModelStage
{
    /// <summary><c>None</c>: a new version.</summary>
    None,
    /// <summary><c>Staging</c>.</summary>
    Staging,
    /// <summary><c>Production</c>.</summary>
    Production,
    /// <summary><c>Archived</c>.</summary>
    Archived,
}
