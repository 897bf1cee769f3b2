using Quarry.Storage.Testing;
using Quarry.Tracking.Registry;
using Quarry.Tracking.Storage;

namespace Quarry.Tracking.Tests.Registry;

/// <summary>The registry contract on PostgreSQL (the shared database; tests keep apart by unique names).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresRegistryStoreTests(PostgresFixture postgres) : RegistryStoreContract, IDisposable
{
    readonly List<IDisposable> _stores = [];

    protected override IModelRegistryStore CreateStore(TimeProvider clock)
    {
        var store = SqlModelRegistryStore.Open(postgres.SharedDatabase, time: clock);
        _stores.Add(store);
        return store;
    }

    [Fact]
    public Task TrackingDatabase_serves_both_stores_from_one_database() =>
        RegistrySqlChecks.AssertTrackingDatabaseServesBothAsync(postgres.SharedDatabase);

    [Fact]
    public Task Deleting_a_model_leaves_no_rows() => RegistrySqlChecks.AssertDeleteLeavesNoRowsAsync(postgres.SharedDatabase);

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
    }
}
