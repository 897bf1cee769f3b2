using Quarry.Storage.Testing;
using Quarry.Tracking.Search.Index;
using Quarry.Tracking.Storage;

namespace Quarry.Tracking.Tests.Storage;

/// <summary>The contract on a SQLite file with the runs search index forced on (every searched experiment indexed).</summary>
public sealed class SqliteIndexedTrackingStoreTests : TrackingStoreContract, IDisposable
{
    readonly TestDatabases.TempFolder _folder = TestDatabases.NewSqliteFolder();
    readonly List<SqlTrackingStore> _stores = [];

    protected override ITrackingStore CreateStore()
    {
        var store = SqlTrackingStore.Open(_folder.Sqlite("tracking.db"), new RunSearchIndexOptions { MinRuns = 0 });
        _stores.Add(store);
        return store;
    }

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
        _folder.Dispose();
    }
}

/// <summary>The contract on PostgreSQL with the runs search index forced on (every searched experiment indexed).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresIndexedTrackingStoreTests(PostgresFixture postgres) : TrackingStoreContract, IDisposable
{
    readonly List<SqlTrackingStore> _stores = [];

    protected override ITrackingStore CreateStore()
    {
        var store = SqlTrackingStore.Open(postgres.SharedDatabase, new RunSearchIndexOptions { MinRuns = 0 });
        _stores.Add(store);
        return store;
    }

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
    }
}
