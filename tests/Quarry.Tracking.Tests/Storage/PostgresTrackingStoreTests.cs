using Quarry.Storage.Testing;
using Quarry.Tracking.Storage;

namespace Quarry.Tracking.Tests.Storage;

/// <summary>This assembly's collection of the private PostgreSQL cluster (collection definitions are per assembly).</summary>
[CollectionDefinition(Name)]
public sealed class TrackingPostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "Tracking PostgreSQL";
}

/// <summary>The contract on PostgreSQL (the shared database; tests keep apart by unique names).</summary>
[Collection(TrackingPostgresCollection.Name)]
public sealed class PostgresTrackingStoreTests(PostgresFixture postgres) : TrackingStoreContract, IDisposable
{
    readonly List<SqlTrackingStore> _stores = [];

    protected override ITrackingStore CreateStore()
    {
        var store = SqlTrackingStore.Open(postgres.SharedDatabase);
        _stores.Add(store);
        return store;
    }

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
    }
}
