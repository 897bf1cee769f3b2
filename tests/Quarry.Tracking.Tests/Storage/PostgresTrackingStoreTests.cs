using Quarry.Storage.Testing;
using Quarry.Tracking.Storage;

namespace Quarry.Tracking.Tests.Storage;

/// <summary>The contract on PostgreSQL (the shared database; tests keep apart by unique names).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresTrackingStoreTests(PostgresFixture postgres) : TrackingStoreContract, IDisposable
{
    readonly List<SqlTrackingStore> _stores = [];

    protected override ITrackingStore CreateStore()
    {
        var store = SqlTrackingStore.Open(postgres.SharedDatabase);
        _stores.Add(store);
        return store;
    }

    [Fact]
    public Task Metric_history_merges_point_rows_written_before_version_6_with_later_blocks() =>
        MetricHistoryChecks.AssertRowsAndBlocksMergeAsync(postgres.SharedDatabase);

    [Fact]
    public Task Purge_leaves_no_rows_of_the_purged_run_or_experiment() =>
        PurgeRowChecks.AssertPurgeLeavesNoRowsAsync(postgres.SharedDatabase);

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
    }
}
