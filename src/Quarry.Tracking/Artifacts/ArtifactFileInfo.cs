namespace Quarry.Tracking.Artifacts;

/// <summary>One entry of an artifact listing (MLflow's <c>FileInfo</c>).</summary>
/// <param name="Path">The path relative to the store's root, <c>/</c>-separated.</param>
/// <param name="IsDir">Whether the entry is a directory.</param>
/// <param name="FileSize">The size in bytes; null for directories.</param>
public sealed record ArtifactFileInfo(string Path, bool IsDir, long? FileSize);
