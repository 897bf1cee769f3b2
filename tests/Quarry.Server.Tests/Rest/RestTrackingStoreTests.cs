using Quarry.Server.Tests.Support;
using Quarry.Tracking;
using Quarry.Tracking.Rest;
using Quarry.Tracking.Tests.Storage;

namespace Quarry.Server.Tests.Rest;

/// <summary>The whole tracking-store contract through <see cref="RestTrackingStore"/> against a real server on SQLite.</summary>
public sealed class RestTrackingStoreTests(ServerFixture fixture) : TrackingStoreContract, IClassFixture<ServerFixture>, IDisposable
{
    readonly List<RestTrackingStore> _stores = [];

    protected override ITrackingStore CreateStore()
    {
        var store = new RestTrackingStore(new RestTrackingStoreOptions { TrackingUri = fixture.Server.BaseAddress });
        _stores.Add(store);
        return store;
    }

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
    }
}
