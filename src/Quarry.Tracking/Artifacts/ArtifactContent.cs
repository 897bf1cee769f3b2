namespace Quarry.Tracking.Artifacts;

/// <summary>
/// An artifact opened for reading: a stream positioned at the start, its length and when it last changed. Disposing it
/// closes the stream. Not thread-safe (one reader).
/// </summary>
public sealed class ArtifactContent : IDisposable, IAsyncDisposable
{
    /// <summary>Wraps an open stream; it is owned (and disposed) by this instance.</summary>
    /// <param name="content">The bytes; seekable when the store supports ranged reads.</param>
    /// <param name="length">The length in bytes.</param>
    /// <param name="lastModified">When the file last changed (UTC).</param>
    public ArtifactContent(Stream content, long length, DateTimeOffset lastModified)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Content = content;
        Length = length;
        LastModified = lastModified;
    }

    /// <summary>The file's bytes.</summary>
    public Stream Content { get; }

    /// <summary>The length in bytes.</summary>
    public long Length { get; }

    /// <summary>When the file last changed (UTC).</summary>
    public DateTimeOffset LastModified { get; }

    /// <summary>Closes the stream.</summary>
    public void Dispose() => Content.Dispose();

    /// <summary>Closes the stream.</summary>
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
