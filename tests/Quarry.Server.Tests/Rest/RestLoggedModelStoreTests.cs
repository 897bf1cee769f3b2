using Quarry.Server.Tests.Support;
using Quarry.Tracking;
using Quarry.Tracking.Models;
using Quarry.Tracking.Rest;
using Quarry.Tracking.Tests.Models;

namespace Quarry.Server.Tests.Rest;

/// <summary>The logged-model contract through <see cref="RestTrackingStore"/> against a real server on SQLite.</summary>
public sealed class RestLoggedModelStoreTests(ServerFixture fixture) : LoggedModelStoreContract, IClassFixture<ServerFixture>, IDisposable
{
    readonly List<RestTrackingStore> _stores = [];

    protected override (ITrackingStore Tracking, ILoggedModelStore Models) CreateStores()
    {
        var store = new RestTrackingStore(new RestTrackingStoreOptions { TrackingUri = fixture.Server.BaseAddress });
        _stores.Add(store);
        return (store, store);
    }

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
    }
}
