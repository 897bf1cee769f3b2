using Quarry.Storage.Testing;
using Quarry.Tracking.Models;
using Quarry.Tracking.Storage;

namespace Quarry.Tracking.Tests.Models;

/// <summary>The logged-model contract on a SQLite file (one file per test class).</summary>
public sealed class SqliteLoggedModelStoreTests : LoggedModelStoreContract, IDisposable
{
    readonly TestDatabases.TempFolder _folder = TestDatabases.NewSqliteFolder();
    readonly List<TrackingDatabase> _databases = [];

    protected override (ITrackingStore Tracking, ILoggedModelStore Models) CreateStores()
    {
        var database = TrackingDatabase.Open(_folder.Sqlite("tracking.db"));
        _databases.Add(database);
        return (database.Tracking, database.LoggedModels);
    }

    public void Dispose()
    {
        foreach (var database in _databases) database.Dispose();
        _folder.Dispose();
    }
}
