using Quarry.Storage.Testing;

namespace Quarry.Tracking.Tests.Storage;

/// <summary>Group commit on SQLite files (a new file per test).</summary>
public sealed class SqliteWriteGroupTests : WriteGroupContract, IDisposable
{
    readonly TestDatabases.TempFolder _folder = TestDatabases.NewSqliteFolder();

    protected override string NewLocation() => _folder.Sqlite($"group-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
