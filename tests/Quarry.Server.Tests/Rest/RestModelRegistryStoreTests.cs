using Quarry.Server.Tests.Support;
using Quarry.Tracking.Registry;
using Quarry.Tracking.Rest;
using Quarry.Tracking.Tests.Registry;

namespace Quarry.Server.Tests.Rest;

/// <summary>
/// The whole registry contract through <see cref="RestModelRegistryStore"/> against a real server on SQLite. The
/// contract fixes each store's clock; here it becomes the server's clock (tests of a class run one at a time).
/// </summary>
public sealed class RestModelRegistryStoreTests(RestModelRegistryStoreTests.ClockedServer fixture)
    : RegistryStoreContract, IClassFixture<RestModelRegistryStoreTests.ClockedServer>, IDisposable
{
    readonly List<RestModelRegistryStore> _stores = [];

    protected override IModelRegistryStore CreateStore(TimeProvider clock)
    {
        fixture.Clock.Current = clock;
        var store = new RestModelRegistryStore(new RestTrackingStoreOptions { TrackingUri = fixture.Server.BaseAddress });
        _stores.Add(store);
        return store;
    }

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
    }

    /// <summary>One real server (fresh SQLite file) whose clock the tests set.</summary>
    public sealed class ClockedServer : IAsyncLifetime
    {
        RunningServer? _server;

        public SwitchableClock Clock { get; } = new();

        public RunningServer Server => _server ?? throw new InvalidOperationException("The server is not started.");

        public async Task InitializeAsync() => _server = await RunningServer.StartAsync(o => o with { Time = Clock });

        public async Task DisposeAsync()
        {
            if (_server is not null) await _server.DisposeAsync();
        }
    }
}
