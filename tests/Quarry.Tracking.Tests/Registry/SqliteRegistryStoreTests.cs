using Quarry.Storage.Testing;
using Quarry.Tracking.Registry;
using Quarry.Tracking.Storage;

namespace Quarry.Tracking.Tests.Registry;

/// <summary>The registry contract on a SQLite file (one file per test class, shared by its tests through unique names).</summary>
public sealed class SqliteRegistryStoreTests : RegistryStoreContract, IDisposable
{
    readonly TestDatabases.TempFolder _folder = TestDatabases.NewSqliteFolder();
    readonly List<IDisposable> _stores = [];

    protected override IModelRegistryStore CreateStore(TimeProvider clock)
    {
        var store = SqlModelRegistryStore.Open(_folder.Sqlite("registry.db"), time: clock);
        _stores.Add(store);
        return store;
    }

    [Fact]
    public Task TrackingDatabase_serves_both_stores_from_one_file() =>
        RegistrySqlChecks.AssertTrackingDatabaseServesBothAsync(_folder.Sqlite("both.db"));

    [Fact]
    public Task Deleting_a_model_leaves_no_rows() => RegistrySqlChecks.AssertDeleteLeavesNoRowsAsync(_folder.Sqlite("cascade.db"));

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
        _folder.Dispose();
    }
}
