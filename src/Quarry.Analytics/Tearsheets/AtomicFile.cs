namespace Quarry.Analytics.Tearsheets;

/// <summary>Writes a file through a temporary sibling and a rename, so readers never see a half-written file.</summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> (UTF-8, no BOM) to <paramref name="path"/> atomically, creating the directory.</summary>
    public static void WriteText(string path, string text) => Write(path, tmp => File.WriteAllText(tmp, text));

    /// <summary>
    /// Calls <paramref name="write"/> with a temporary path in the target's directory, then moves it over
    /// <paramref name="path"/>; the temporary file is deleted when <paramref name="write"/> throws.
    /// </summary>
    public static void Write(string path, Action<string> write)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        string tmp = Path.Combine(dir, $".tmp-{Guid.NewGuid():N}-{Path.GetFileName(full)}"); // keeps the extension
        try
        {
            write(tmp);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
