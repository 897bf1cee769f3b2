namespace Quarry.Tracking.Artifacts;

/// <summary>
/// Where run and model files live (MLflow's artifact repository): files addressed by relative, <c>/</c>-separated
/// paths under one root. Every path goes through <see cref="ArtifactPath.Validate"/>, so no implementation can be led
/// outside its root. Content is streamed in both directions; nothing holds a whole file in memory. Errors are
/// <see cref="Quarry.Core.QuarryException"/>s: a bad path → InvalidParameter, a missing file → NotFound.
/// Implementations are thread-safe.
/// </summary>
public interface IArtifactStore
{
    /// <summary>
    /// Opens the file at <paramref name="path"/> for reading; the caller disposes the result. NotFound when there is no
    /// such file; InvalidParameter when <paramref name="path"/> is a directory or not a valid artifact path.
    /// </summary>
    Task<ArtifactContent> OpenReadAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <paramref name="content"/> (read to its end, not disposed) to <paramref name="path"/>, creating parent
    /// directories and replacing an existing file. Atomic: readers see the old file or the complete new one, and a
    /// failed or cancelled write leaves nothing behind. Returns the number of bytes written.
    /// </summary>
    Task<long> WriteAsync(string path, Stream content, CancellationToken cancellationToken = default);

    /// <summary>
    /// The entries directly inside <paramref name="directory"/> (the root when null or empty), ordered by name, with
    /// paths relative to the store's root. Empty when the directory does not exist or is a file (as MLflow answers).
    /// </summary>
    Task<IReadOnlyList<ArtifactFileInfo>> ListAsync(string? directory, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the file or directory (with everything inside) at <paramref name="path"/>; false when nothing was there
    /// (idempotent, so a retried request succeeds). The root itself cannot be deleted (InvalidParameter).
    /// </summary>
    Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default);
}
