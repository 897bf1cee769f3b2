using Quarry.Storage;
using Quarry.Storage.Testing;
using Quarry.Tracking.Storage;
using Quarry.Tracking.Storage.Internal;

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

    /// <summary>Performance smoke check: 2,000 runs (5 params, 10 metrics, 5 tags each), metric filter + order_by.</summary>
    [Fact]
    public async Task SearchRuns_over_2000_runs_with_a_metric_filter_and_order_by_is_fast()
    {
        var store = CreateStore();
        var exp = await store.CreateExperimentAsync($"perf-{Guid.NewGuid():N}");
        var insert = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 2000; i++)
        {
            var id = (await store.CreateRunAsync(exp, "u", i)).Info.RunId;
            await store.LogBatchAsync(id,
                [.. Enumerable.Range(0, 10).Select(m => new Metric($"m{m}", (i * 7 + m) % 1000 / 1000.0, 0, 0))],
                [.. Enumerable.Range(0, 5).Select(p => new Param($"p{p}", $"v{i % (p + 2)}"))],
                [.. Enumerable.Range(0, 5).Select(t => new RunTag($"t{t}", $"x{i % (t + 3)}"))]);
        }
        insert.Stop();
        await store.SearchRunsAsync([exp], "metrics.m0 > 0.5", ViewType.ActiveOnly, 100, ["metrics.m1 DESC"], null); // warm-up
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var page = await store.SearchRunsAsync([exp], "metrics.m0 > 0.5 AND params.p0 = 'v0'", ViewType.ActiveOnly, 1000, ["metrics.m1 DESC"], null);
        watch.Stop();
        Console.WriteLine($"SQLite: inserted 2000 runs in {insert.ElapsedMilliseconds} ms; search returned {page.Runs.Count} runs in {watch.ElapsedMilliseconds} ms");
        Assert.NotEmpty(page.Runs);
        Assert.All(page.Runs, r => Assert.True(r.Data.LatestMetrics.Single(m => m.Key == "m0").Value > 0.5));
        Assert.All(page.Runs, r => Assert.Equal(10, r.Data.LatestMetrics.Count));
        var m1 = page.Runs.Select(r => r.Data.LatestMetrics.Single(m => m.Key == "m1").Value).ToList();
        Assert.Equal(m1.OrderByDescending(v => v), m1);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"search took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public Task Metric_history_merges_point_rows_written_before_version_6_with_later_blocks() =>
        MetricHistoryChecks.AssertRowsAndBlocksMergeAsync(_folder.Sqlite("history.db"));

    [Fact]
    public async Task A_key_history_is_one_range_of_its_runs_blocks_index_which_holds_the_key()
    {
        string location = _folder.Sqlite("plan.db");
        using (SqlTrackingStore.Open(location)) { }
        using var factory = ConnectionFactory.Create(location);
        using var c = factory.Open();
        var plan = await c.Sql("EXPLAIN QUERY PLAN SELECT data FROM metric_blocks WHERE run_uuid = 'r' AND key = 'k'").ListAsync(r => r.GetString(3), default);
        Assert.Equal(["SEARCH metric_blocks USING INDEX metric_blocks_run_logged (run_uuid=?)"], plan);
        // The key is in the index entries, so SQLite compares it there and reads only the key's own rows.
        var columns = await c.Sql("SELECT name FROM pragma_index_info('metric_blocks_run_logged') ORDER BY seqno").ListAsync(r => r.GetString(0), default);
        Assert.Equal(["run_uuid", "logged_at", "key"], columns);
    }

    [Fact]
    public Task Purge_leaves_no_rows_of_the_purged_run_or_experiment() =>
        PurgeRowChecks.AssertPurgeLeavesNoRowsAsync(_folder.Sqlite("purge.db"));

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
        _folder.Dispose();
    }
}
