using Quarry.Core;

namespace Quarry.Cli.Commands;

/// <summary>Finds the bundled samples/data folder: QUARRY_SAMPLES, then upwards from the working directory and the executable.</summary>
internal static class SampleData
{
    public static string Locate()
    {
        if (Environment.GetEnvironmentVariable("QUARRY_SAMPLES") is { Length: > 0 } env && Directory.Exists(env)) return env;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "samples", "data");
                if (File.Exists(Path.Combine(candidate, "orcl-1995-2014.txt"))) return candidate;
            }
        throw new QuarryException(ErrorCode.NotFound, "Sample data not found: run from the repository or pass --samples DIR (or set QUARRY_SAMPLES).");
    }
}
