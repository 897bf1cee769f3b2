using Quarry.Optimization.Storage;
using Quarry.Storage.Testing;

namespace Quarry.Optimization.Tests.Storage;

/// <summary>The storage contract on a SQLite file (one file per test class instance; each storage its own pool and cache).</summary>
public sealed class SqliteStudyStorageTests : StudyStorageContract, IDisposable
{
    readonly TestDatabases.TempFolder _folder = TestDatabases.NewSqliteFolder();
    readonly List<SqlStudyStorage> _opened = [];

    protected override IStudyStorage CreateStorage()
    {
        var storage = SqlStudyStorage.Open(_folder.Sqlite("contract.db"));
        lock (_opened) _opened.Add(storage);
        return storage;
    }


    public void Dispose()
    {
        foreach (var s in _opened) s.Dispose();
        _folder.Dispose();
    }
}
