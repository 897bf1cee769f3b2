using Quarry.Server;
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

    [Fact]
    public async Task Values_logged_while_the_server_is_down_are_written_once_it_is_back()
    {
        var dir = Scratch($"outage-{Guid.NewGuid():N}");
        Func<ServerOptions, ServerOptions> onFile = o => o with { Store = "sqlite:" + Path.Combine(dir, "t.db"), ArtifactsRoot = Path.Combine(dir, "a") };
        var first = await RunningServer.StartAsync(onFile);
        int port = first.BaseAddress.Port;
        // The store gives up quickly; the client's own retries (up to ~10 s) bridge the outage.
        var options = new RestTrackingStoreOptions { TrackingUri = first.BaseAddress, MaxRetries = 1, InitialBackoff = TimeSpan.FromMilliseconds(20) };
        using var store = new RestTrackingStore(options);
        var client = new TrackingClient(store, new TrackingClientOptions
        {
            FlushInterval = TimeSpan.FromMilliseconds(20),
            Retry = new Quarry.Storage.RetryPolicy(30, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400)),
        });
        var run = await client.StartRunAsync($"outage-{Guid.NewGuid():N}");
        run.LogMetric("before", 1);
        await run.FlushAsync();
        await first.DisposeAsync(); // the server goes away (its files stay: they live in our folder)
        for (int i = 0; i < 50; i++) run.LogMetric("during", i, step: i);
        await Task.Delay(700); // the writer fails and retries meanwhile
        await using var second = await RunningServer.StartAsync(o => onFile(o) with { Port = port });
        await run.EndAsync();

        var stored = await store.GetRunAsync(run.RunId);
        Assert.Equal(RunStatus.Finished, stored.Info.Status);
        Assert.Equal(50, (await store.GetMetricHistoryAsync(run.RunId, "during")).Count);
    }

    public override void Dispose()
    {
        foreach (var opened in _opened) opened.Dispose();
        base.Dispose();
    }
}
