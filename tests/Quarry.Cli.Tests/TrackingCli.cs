using System.Text.Json;

namespace Quarry.Cli.Tests;

/// <summary>Running the tracking commands against a given SQLite store, with the tracking environment variables cleared.</summary>
internal static class TrackingCli
{
    public static readonly Dictionary<string, string?> NoTrackingEnv = new() { ["QUARRY_TRACKING_URI"] = null, ["MLFLOW_TRACKING_URI"] = null };

    public static (int ExitCode, string Stdout, string Stderr) RunIn(string db, params string[] args) =>
        QuarryProcess.RunWith(NoTrackingEnv, [.. args, "--tracking-uri", "sqlite:" + db]);

    public static JsonElement Json(string stdout) => JsonDocument.Parse(stdout).RootElement.Clone();
}
