using Quarry.Optimization.Storage;
using Quarry.Storage.Testing;

namespace Quarry.Optimization.Tests.Storage;

/// <summary>The storage contract on the private PostgreSQL cluster (one shared database; tests keep apart by study name).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStudyStorageTests(PostgresFixture postgres) : StudyStorageContract, IDisposable
{
    readonly List<SqlStudyStorage> _opened = [];

    protected override IStudyStorage CreateStorage()
    {
        var storage = SqlStudyStorage.Open(postgres.SharedDatabase);
        lock (_opened) _opened.Add(storage);
        return storage;
    }


    public void Dispose()
    {
        foreach (var s in _opened) s.Dispose();
    }
}
