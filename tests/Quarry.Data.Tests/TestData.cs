namespace Quarry.Data.Tests;

/// <summary>Locates the repository's sample data and makes scratch files.</summary>
internal static class TestData
{
    static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>Path of a file in samples/data.</summary>
    public static string Sample(string name) => Path.Combine(Root.Value, "samples", "data", name);

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Quarry.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"No Quarry.slnx above {AppContext.BaseDirectory}.");
    }
}
