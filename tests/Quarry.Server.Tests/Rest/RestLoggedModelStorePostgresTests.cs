using Quarry.Server.Tests.Support;
using Quarry.Storage.Testing;
using Quarry.Tracking;
using Quarry.Tracking.Models;
using Quarry.Tracking.Rest;
using Quarry.Tracking.Tests.Models;

namespace Quarry.Server.Tests.Rest;

/// <summary>The logged-model contract through <see cref="RestTrackingStore"/> against a real server backed by PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RestLoggedModelStorePostgresTests(PostgresFixture postgres) : LoggedModelStoreContract, IAsyncLifetime
{
    RunningServer? _server;
    readonly List<RestTrackingStore> _stores = [];

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync(o => o with { Store = postgres.SharedDatabase });

    protected override (ITrackingStore Tracking, ILoggedModelStore Models) CreateStores()
    {
        var store = new RestTrackingStore(new RestTrackingStoreOptions { TrackingUri = _server!.BaseAddress });
        _stores.Add(store);
        return (store, store);
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _stores) store.Dispose();
        if (_server is not null) await _server.DisposeAsync();
    }
}
