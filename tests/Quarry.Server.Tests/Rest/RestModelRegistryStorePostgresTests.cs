using Quarry.Server.Tests.Support;
using Quarry.Storage.Testing;
using Quarry.Tracking.Registry;
using Quarry.Tracking.Rest;
using Quarry.Tracking.Tests.Registry;

namespace Quarry.Server.Tests.Rest;

/// <summary>The whole registry contract through <see cref="RestModelRegistryStore"/> against a real server backed by PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RestModelRegistryStorePostgresTests(PostgresFixture postgres) : RegistryStoreContract, IAsyncLifetime
{
    readonly SwitchableClock _clock = new();
    readonly List<RestModelRegistryStore> _stores = [];
    RunningServer? _server;

    public async Task InitializeAsync() =>
        _server = await RunningServer.StartAsync(o => o with { Store = postgres.SharedDatabase, Time = _clock });

    protected override IModelRegistryStore CreateStore(TimeProvider clock)
    {
        _clock.Current = clock;
        var store = new RestModelRegistryStore(new RestTrackingStoreOptions { TrackingUri = _server!.BaseAddress });
        _stores.Add(store);
        return store;
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _stores) store.Dispose();
        if (_server is not null) await _server.DisposeAsync();
    }
}
