using Quarry.Storage.Testing;
using Quarry.Tracking.Storage;

namespace Quarry.Tracking.Tests.Client;

/// <summary>The client contract over a SQLite file.</summary>
public sealed class SqliteTrackingClientTests : TrackingClientContract
{
    readonly TestDatabases.TempFolder _folder = TestDatabases.NewSqliteFolder();
    readonly List<SqlTrackingStore> _stores = [];

    protected override ITrackingStore CreateStore()
    {
        var store = SqlTrackingStore.Open(_folder.Sqlite("tracking.db"));
        _stores.Add(store);
        return store;
    }

    public override void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
        _folder.Dispose();
        base.Dispose();
    }
}
