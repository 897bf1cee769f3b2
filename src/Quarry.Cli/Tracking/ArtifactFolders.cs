namespace Quarry.Cli.Tracking;

/// <summary>
/// Removes the local artifact folders of purged runs and experiments, but only inside the artifact root: a run whose
/// artifact URI points elsewhere (a shared path, a typo such as "/") is left alone and reported.
/// </summary>
internal sealed class ArtifactFolders(string root)
{
    readonly string _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
    readonly List<string> _left = [];

    public int Removed { get; private set; }
    public IReadOnlyList<string> Left => _left;

    /// <summary>Removes a run's folder: <c>…/&lt;run id&gt;/artifacts</c> goes with its <c>&lt;run id&gt;</c> parent.</summary>
    public void RemoveRun(Quarry.Tracking.RunInfo run)
    {
        var folder = TrackingInputs.LocalFolder(run.ArtifactUri, _root);
        if (folder is not null && Path.GetFileName(folder) == "artifacts" && Path.GetFileName(Path.GetDirectoryName(folder)) == run.RunId)
            folder = Path.GetDirectoryName(folder);
        Remove(folder);
    }

    public void Remove(string? folder)
    {
        if (folder is null) return;
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full)) return;
        if (!full.StartsWith(_root, StringComparison.Ordinal) || full.Length <= _root.Length)
        {
            _left.Add(full);
            return;
        }
        Directory.Delete(full, recursive: true);
        Removed++;
    }
}
