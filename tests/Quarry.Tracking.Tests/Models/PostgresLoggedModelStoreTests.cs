using Quarry.Storage.Testing;
using Quarry.Tracking.Models;
using Quarry.Tracking.Storage;

namespace Quarry.Tracking.Tests.Models;

/// <summary>The logged-model contract on PostgreSQL (the shared database; tests keep apart by unique experiments).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresLoggedModelStoreTests(PostgresFixture postgres) : LoggedModelStoreContract, IDisposable
{
    readonly List<TrackingDatabase> _databases = [];

    protected override (ITrackingStore Tracking, ILoggedModelStore Models) CreateStores()
    {
        var database = TrackingDatabase.Open(postgres.SharedDatabase);
        _databases.Add(database);
        return (database.Tracking, database.LoggedModels);
    }

    public void Dispose()
    {
        foreach (var database in _databases) database.Dispose();
    }
}
