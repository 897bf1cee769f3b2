namespace Quarry.Analytics.Tests.Tearsheets;

/// <summary>Where the tearsheet tests put files a person may want to look at: test-results/ under the repository root.</summary>
internal static class TestPaths
{
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Quarry.slnx"))) return dir.FullName;
            throw new InvalidOperationException("Quarry.slnx not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>test-results/&lt;name&gt;, created.</summary>
    public static string Results(string name)
    {
        string dir = Path.Combine(RepoRoot, "test-results", name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A fresh temporary directory.</summary>
    public static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "quarry-tearsheet-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
