namespace Quarry.Server.Tests.Support;

/// <summary>The repository's sample market data (samples/data), which the backtest launcher's tests offer as symbols.</summary>
internal static class SampleData
{
    public static string Folder { get; } = Find();

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Quarry.slnx"))) return Path.Combine(dir.FullName, "samples", "data");
        throw new InvalidOperationException("Repository root (Quarry.slnx) not found above " + AppContext.BaseDirectory);
    }
}
