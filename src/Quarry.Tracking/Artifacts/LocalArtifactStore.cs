using Quarry.Core;

namespace Quarry.Tracking.Artifacts;

/// <summary>
/// <see cref="IArtifactStore"/> over a local folder (MLflow's local artifact repository; what <c>quarry serve</c>
/// proxies <c>mlflow-artifacts:/</c> URIs to). Writes go to a hidden temporary file in the target's directory, are
/// flushed to disk, then renamed over the target, so a reader never sees a partial file. The root is created on the
/// first write. Thread-safe; copies use 64 KiB buffers, whatever the file size.
/// </summary>
public sealed class LocalArtifactStore : IArtifactStore
{
    /// <summary>The name prefix of in-flight uploads; such files are never listed.</summary>
    public const string TempPrefix = ".quarry-upload-";

    const int BufferSize = 64 * 1024;
    readonly string _root;

    /// <summary>A store rooted at <paramref name="root"/> (made absolute; it need not exist yet).</summary>
    public LocalArtifactStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
    }

    /// <summary>The absolute root folder.</summary>
    public string Root => _root;

    /// <inheritdoc />
    public Task<ArtifactContent> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        string relative = ArtifactPath.ValidateNonRoot(path);
        string full = Resolve(relative);
        if (Directory.Exists(full))
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"Artifact '{relative}' is a directory, not a file (fix: list it, or name a file inside it).");
        try
        {
            var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult(new ArtifactContent(stream, stream.Length, File.GetLastWriteTimeUtc(full)));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw NotFound(relative);
        }
    }

    /// <inheritdoc />
    public async Task<long> WriteAsync(string path, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        string relative = ArtifactPath.ValidateNonRoot(path);
        string full = Resolve(relative);
        if (Directory.Exists(full))
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"Artifact '{relative}' is a directory; a file cannot replace it (fix: delete the directory first, or choose another name).");
        string directory = Path.GetDirectoryName(full)!;
        CreateDirectory(directory, relative);
        string temp = Path.Combine(directory, TempPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            long written;
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                await content.CopyToAsync(file, BufferSize, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
                written = file.Length;
            }
            File.Move(temp, full, overwrite: true);
            return written;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ArtifactFileInfo>> ListAsync(string? directory, CancellationToken cancellationToken = default)
    {
        string relative = ArtifactPath.Validate(directory);
        var folder = new DirectoryInfo(relative.Length == 0 ? _root : Resolve(relative));
        if (!folder.Exists) return Task.FromResult<IReadOnlyList<ArtifactFileInfo>>([]);
        var entries = new List<ArtifactFileInfo>();
        foreach (var entry in folder.EnumerateFileSystemInfos())
        {
            if (entry.Name.StartsWith(TempPrefix, StringComparison.Ordinal)) continue;
            string child = ArtifactPath.Combine(relative, entry.Name);
            entries.Add(entry is FileInfo file ? new ArtifactFileInfo(child, false, file.Length) : new ArtifactFileInfo(child, true, null));
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return Task.FromResult<IReadOnlyList<ArtifactFileInfo>>(entries);
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        string relative = ArtifactPath.ValidateNonRoot(path);
        string full = Resolve(relative);
        if (File.Exists(full))
        {
            File.Delete(full);
            return Task.FromResult(true);
        }
        if (!Directory.Exists(full)) return Task.FromResult(false);
        Directory.Delete(full, recursive: true);
        return Task.FromResult(true);
    }

    /// <summary>The absolute local file or folder of a path (validated; it need not exist).</summary>
    /// <exception cref="QuarryException">InvalidParameter for an invalid path.</exception>
    public string LocalPath(string path) => Resolve(ArtifactPath.Validate(path));

    string Resolve(string canonical)
    {
        string full = Path.GetFullPath(Path.Join(_root, canonical));
        // ArtifactPath already forbids leaving the root; this guards against a future change to it.
        if (full != _root && !full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new QuarryException(ErrorCode.InvalidParameter, $"Artifact path '{canonical}' resolves outside the artifact root (fix: use a relative path).");
        return full;
    }

    void CreateDirectory(string directory, string relative)
    {
        try { Directory.CreateDirectory(directory); }
        catch (IOException) when (FirstFileAmongParents(relative) is { } file)
        {
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"Cannot write artifact '{relative}': '{file}' is a file, not a directory (fix: choose another path, or delete that file).");
        }
    }

    /// <summary>The first ancestor of <paramref name="relative"/> that exists as a file, as a relative path; null when none.</summary>
    string? FirstFileAmongParents(string relative)
    {
        var segments = relative.Split('/');
        for (int n = 1; n < segments.Length; n++)
        {
            string ancestor = string.Join('/', segments[..n]);
            if (File.Exists(Path.Join(_root, ancestor))) return ancestor;
        }
        return null;
    }

    static void TryDelete(string file)
    {
        try { File.Delete(file); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    static QuarryException NotFound(string relative) =>
        new(ErrorCode.NotFound, $"Artifact '{relative}' does not exist (fix: list the directory to see what is there).");
}
