using Quarry.Core;
using Quarry.Tracking.Artifacts;

namespace Quarry.Tracking.Client;

/// <summary>
/// One run's artifacts: the files under its artifact URI (<c>mlflow-artifacts:/&lt;experiment&gt;/&lt;run&gt;/artifacts</c>
/// by default), in the client's artifact store: a local folder for an embedded store, the server's proxy for a tracking
/// server. Paths given here are relative to the run's artifact root. Thread-safe.
/// </summary>
public sealed class RunArtifacts
{
    readonly IArtifactStore _store;
    readonly string _base;

    internal RunArtifacts(IArtifactStore store, string basePath, string runId)
    {
        _store = store;
        _base = basePath;
        RunId = runId;
    }

    /// <summary>The run.</summary>
    public string RunId { get; }

    /// <summary>
    /// The local folder of the run's artifacts when they live on this machine (a <see cref="LocalArtifactStore"/>);
    /// null for a server.
    /// </summary>
    public string? LocalFolder => _store is LocalArtifactStore local ? local.LocalPath(_base) : null;

    /// <summary>
    /// Uploads <paramref name="localFile"/> as <c>&lt;artifactPath&gt;/&lt;file name&gt;</c> (at the root when
    /// <paramref name="artifactPath"/> is null), streamed, replacing a file of that name; returns the artifact's path.
    /// </summary>
    /// <exception cref="QuarryException">NotFound when the file does not exist; InvalidParameter for a bad artifact path.</exception>
    public async Task<string> LogFileAsync(string localFile, string? artifactPath = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(localFile);
        if (!File.Exists(localFile))
            throw new QuarryException(ErrorCode.NotFound, $"Cannot log artifact '{localFile}': no such file (fix: check the path).");
        string relative = ArtifactPath.Combine(ArtifactPath.Validate(artifactPath, "artifact_path"), Path.GetFileName(localFile));
        var file = new FileStream(localFile, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
            await _store.WriteAsync(ArtifactPath.Combine(_base, relative), file, cancellationToken).ConfigureAwait(false);
        return relative;
    }

    /// <summary>
    /// Uploads every file under <paramref name="localFolder"/>, keeping the sub-folders, under
    /// <paramref name="artifactPath"/> (the root when null); returns how many files were uploaded.
    /// </summary>
    /// <exception cref="QuarryException">NotFound when the folder does not exist.</exception>
    public async Task<int> LogFolderAsync(string localFolder, string? artifactPath = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(localFolder);
        if (!Directory.Exists(localFolder))
            throw new QuarryException(ErrorCode.NotFound, $"Cannot log artifacts from '{localFolder}': no such folder (fix: check the path).");
        string under = ArtifactPath.Validate(artifactPath, "artifact_path");
        int count = 0;
        foreach (var file in Directory.EnumerateFiles(localFolder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var folder = Path.GetDirectoryName(Path.GetRelativePath(localFolder, file))!.Replace(Path.DirectorySeparatorChar, '/');
            await LogFileAsync(file, ArtifactPath.Combine(under, folder), cancellationToken).ConfigureAwait(false);
            count++;
        }
        return count;
    }

    /// <summary>Every file under <paramref name="path"/> (the run's artifact root when null), recursively, with paths relative to the run's root, ordered.</summary>
    public async Task<IReadOnlyList<ArtifactFileInfo>> ListFilesAsync(string? path = null, CancellationToken cancellationToken = default)
    {
        var files = new List<ArtifactFileInfo>();
        var pending = new Stack<string>([ArtifactPath.Combine(_base, ArtifactPath.Validate(path))]);
        while (pending.Count > 0)
            foreach (var entry in await _store.ListAsync(pending.Pop(), cancellationToken).ConfigureAwait(false))
            {
                if (entry.IsDir) pending.Push(entry.Path);
                else files.Add(entry with { Path = entry.Path[(_base.Length == 0 ? 0 : _base.Length + 1)..] });
            }
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    /// <summary>
    /// Deletes the run's artifacts; for the default layout <c>…/&lt;run id&gt;/artifacts</c> the <c>&lt;run id&gt;</c>
    /// folder goes too. False when there was nothing to delete.
    /// </summary>
    public Task<bool> DeleteAllAsync(CancellationToken cancellationToken = default)
    {
        var target = _base;
        if (ArtifactPath.Name(target) == "artifacts" && target.Length > "artifacts".Length
            && ArtifactPath.Name(target[..^("/artifacts".Length)]) == RunId)
            target = target[..^("/artifacts".Length)];
        if (target.Length == 0)
            throw new QuarryException(ErrorCode.InvalidState,
                $"Run {RunId}'s artifacts are the whole root of their store; they are not deleted (fix: delete the folder by hand if that is intended).");
        return _store.DeleteAsync(target, cancellationToken);
    }
}
