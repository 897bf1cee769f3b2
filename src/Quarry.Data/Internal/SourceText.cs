using Quarry.Core;

namespace Quarry.Data.Internal;

/// <summary>Opens data files, turning "not found" into a <see cref="QuarryException"/> that says where it looked.</summary>
internal static class SourceText
{
    public static string ReadAll(string path)
    {
        EnsureExists(path);
        return File.ReadAllText(path);
    }

    public static void EnsureExists(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new QuarryException(ErrorCode.NotFound,
                $"Data file '{path}' does not exist (fix: check the path; relative paths start at {Environment.CurrentDirectory}).");
    }

    /// <summary>The default symbol or series name: the file name without extension.</summary>
    public static string NameOf(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        return name.Length > 0 ? name : Path.GetFileName(path);
    }
}
