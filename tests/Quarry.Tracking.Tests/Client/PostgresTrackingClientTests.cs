using Quarry.Storage.Testing;
using Quarry.Tracking.Storage;

namespace Quarry.Tracking.Tests.Client;

/// <summary>The client contract over PostgreSQL (the shared database; tests keep apart by unique names).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresTrackingClientTests(PostgresFixture postgres) : TrackingClientContract
{
    readonly List<SqlTrackingStore> _stores = [];

    protected override ITrackingStore CreateStore()
    {
        var store = SqlTrackingStore.Open(postgres.SharedDatabase);
        _stores.Add(store);
        return store;
    }

    public override void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
        base.Dispose();
    }
}
