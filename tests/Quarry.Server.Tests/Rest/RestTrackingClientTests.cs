using Quarry.Server.Tests.Support;
using Quarry.Tracking;
using Quarry.Tracking.Artifacts;
using Quarry.Tracking.Client;
using Quarry.Tracking.Rest;
using Quarry.Tracking.Tests.Client;

namespace Quarry.Server.Tests.Rest;

/// <summary>The tracking client's contract over HTTP: <see cref="RestTrackingStore"/> and <see cref="HttpArtifactStore"/> against a real server.</summary>
public sealed class RestTrackingClientTests(ServerFixture fixture) : TrackingClientContract, IClassFixture<ServerFixture>
{
    readonly List<IDisposable> _opened = [];

    RestTrackingStoreOptions Options => new() { TrackingUri = fixture.Server.BaseAddress };

    protected override ITrackingStore CreateStore()
    {
        var store = new RestTrackingStore(Options);
        _opened.Add(store);
        return store;
    }

    protected override IArtifactStore CreateArtifacts()
    {
        var artifacts = new HttpArtifactStore(Options);
        _opened.Add(artifacts);
        return artifacts;
    }

    [Fact]
    public async Task Open_with_a_server_uri_logs_over_http_and_the_files_land_in_the_servers_artifact_root()
    {
        string runId;
        await using (var client = TrackingClient.Open(fixture.Server.BaseAddress.ToString()))
        {
            await using var run = await client.StartRunAsync($"rest-{Guid.NewGuid():N}");
            runId = run.RunId;
            run.LogMetric("sharpe", 1.5);
            var file = Path.Combine(Scratch("open"), "notes.txt");
            File.WriteAllText(file, "hello");
            await run.LogArtifactAsync(file);
        }
        using var store = new RestTrackingStore(Options);
        var stored = await store.GetRunAsync(runId);
        Assert.Equal(RunStatus.Finished, stored.Info.Status);
        Assert.Equal(1.5, stored.Data.LatestMetrics.Single().Value);
        Assert.True(ProxiedArtifactUri.TryGetPath(stored.Info.ArtifactUri, out var path));
        Assert.Equal("hello", File.ReadAllText(Path.Combine(fixture.Server.Directory, "artifacts", path, "notes.txt")));
    }

    public override void Dispose()
    {
        foreach (var opened in _opened) opened.Dispose();
        base.Dispose();
    }
}
