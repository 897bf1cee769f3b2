using Quarry.Tracking;
using Quarry.Tracking.Storage;

namespace Quarry.Server.Tests.Support;

/// <summary>Creates runs in a running server's SQLite store (a second connection to the same file), for artifact tests.</summary>
public static class ArtifactRuns
{
    public static async Task<RunInfo> CreateAsync(RunningServer server, string? experimentName = null)
    {
        using var store = SqlTrackingStore.Open("sqlite:" + Path.Combine(server.Directory, "tracking.db"));
        var experimentId = await store.CreateExperimentAsync(experimentName ?? "artifacts-" + Guid.NewGuid().ToString("N"));
        return (await store.CreateRunAsync(experimentId, "tester", 1_700_000_000_000)).Info;
    }
}
