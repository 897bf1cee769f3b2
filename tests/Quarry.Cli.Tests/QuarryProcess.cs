using System.Diagnostics;

namespace Quarry.Cli.Tests;

/// <summary>Runs the real quarry CLI (the built quarry.dll) as a child process from the repository root.</summary>
internal static class QuarryProcess
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Sample(string file) => Path.Combine(RepoRoot, "samples", "data", file);

    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args) => RunWith(null, args);

    /// <summary>Runs quarry with extra (or, for null values, removed) environment variables in the child process.</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunWith(IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "quarry.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"quarry {string.Join(' ', args)} did not finish in 120 s");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "quarry-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Quarry.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Repository root (Quarry.slnx) not found above " + AppContext.BaseDirectory);
    }
}
