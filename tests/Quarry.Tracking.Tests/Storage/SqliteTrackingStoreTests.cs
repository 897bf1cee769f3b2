using Quarry.Storage.Testing;
using Quarry.Tracking.Storage;

namespace Quarry.Tracking.Tests.Storage;

/// <summary>The contract on a SQLite file (one file per test class, shared by its tests through unique names).</summary>
public sealed class SqliteTrackingStoreTests : TrackingStoreContract, IDisposable
{
    readonly TestDatabases.TempFolder _folder = TestDatabases.NewSqliteFolder();
    readonly List<SqlTrackingStore> _stores = [];

    protected override ITrackingStore CreateStore()
    {
        var store = SqlTrackingStore.Open(_folder.Sqlite("tracking.db"));
        _stores.Add(store);
        return store;
    }

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
        _folder.Dispose();
    }
}
