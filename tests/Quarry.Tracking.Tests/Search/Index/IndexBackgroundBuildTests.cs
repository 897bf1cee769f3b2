using Quarry.Storage.Testing;
using Quarry.Tracking.Search.Index;
using Quarry.Tracking.Storage;

namespace Quarry.Tracking.Tests.Search.Index;

/// <summary>
/// Experiments of <see cref="RunSearchIndexOptions.BackgroundBuildRuns"/> runs or more: the first search is answered by
/// SQL while the index builds in the background, later ones from the index with the same answer; warming builds at once.
/// </summary>
public abstract class IndexBackgroundBuildContract : IDisposable
{
    static readonly RunSearchIndexOptions Background = new() { MinRuns = 0, BackgroundBuildRuns = 4 };
    readonly List<SqlTrackingStore> _stores = [];

    protected abstract string Location { get; }

    SqlTrackingStore Open(RunSearchIndexOptions options)
    {
        var store = SqlTrackingStore.Open(Location, options);
        _stores.Add(store);
        return store;
    }

    async Task<string> ExperimentWithRunsAsync(SqlTrackingStore store, int runs)
    {
        var exp = await store.CreateExperimentAsync($"big-{Guid.NewGuid():N}");
        for (int i = 0; i < runs; i++)
        {
            string run = (await store.CreateRunAsync(exp, "u", i)).Info.RunId;
            await store.LogMetricAsync(run, "m", i, 0, 0);
        }
        return exp;
    }

    static async Task<List<string>> TopTwo(SqlTrackingStore store, string exp) =>
        [.. (await store.SearchRunsAsync([exp], "metrics.m >= 1", ViewType.ActiveOnly, 2, ["metrics.m DESC"], null)).Runs.Select(r => r.Info.RunId)];

    [Fact]
    public async Task A_large_experiment_is_answered_by_sql_while_its_index_builds_then_from_the_index()
    {
        var store = Open(Background);
        var exp = await ExperimentWithRunsAsync(store, 5);
        var expected = await TopTwo(Open(RunSearchIndexOptions.Disabled), exp);
        Assert.Equal(2, expected.Count);

        Assert.Equal(expected, await TopTwo(store, exp));
        Assert.Equal(0, store.SearchIndex!.Counts.Answered);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (store.SearchIndex.Counts.Builds == 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal(1, store.SearchIndex.Counts.Builds);
        Assert.Equal(expected, await TopTwo(store, exp));
        Assert.Equal(1, store.SearchIndex.Counts.Answered);
    }

    [Fact]
    public async Task A_small_experiment_is_built_inside_its_first_search()
    {
        var store = Open(Background);
        var exp = await ExperimentWithRunsAsync(store, 3);
        Assert.Equal(2, (await TopTwo(store, exp)).Count);
        Assert.Equal((1, 1), (store.SearchIndex!.Counts.Answered, store.SearchIndex.Counts.Builds));
    }

    [Fact]
    public async Task Warming_builds_a_large_experiment_at_once()
    {
        var store = Open(Background);
        var exp = await ExperimentWithRunsAsync(store, 5);
        await store.WarmSearchIndexAsync(exp);
        Assert.Equal(1, store.SearchIndex!.Counts.Builds);
        Assert.Equal(2, (await TopTwo(store, exp)).Count);
        Assert.Equal((1, 1), (store.SearchIndex.Counts.Answered, store.SearchIndex.Counts.Builds));
    }

    [Fact]
    public async Task Warming_the_large_experiments_builds_those_and_leaves_the_small_ones_to_their_first_search()
    {
        var store = Open(Background);
        var large = await ExperimentWithRunsAsync(store, 5);
        var small = await ExperimentWithRunsAsync(store, 2);
        Assert.True(await store.WarmLargeSearchIndexesAsync() >= 1); // a shared database may hold other large experiments
        var counts = store.SearchIndex!.Counts;
        Assert.Equal(2, (await TopTwo(store, large)).Count);
        Assert.Equal((counts.Answered + 1, counts.Builds), (store.SearchIndex.Counts.Answered, store.SearchIndex.Counts.Builds));
        Assert.Single(await TopTwo(store, small));
        Assert.Equal((counts.Answered + 2, counts.Builds + 1), (store.SearchIndex.Counts.Answered, store.SearchIndex.Counts.Builds));
        Assert.Equal(0, await Open(RunSearchIndexOptions.Disabled).WarmLargeSearchIndexesAsync());
    }

    public virtual void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>Background builds on SQLite.</summary>
public sealed class SqliteIndexBackgroundBuildTests : IndexBackgroundBuildContract
{
    readonly TestDatabases.TempFolder _folder = TestDatabases.NewSqliteFolder();

    protected override string Location => _folder.Sqlite("background.db");

    public override void Dispose()
    {
        base.Dispose();
        _folder.Dispose();
    }
}

/// <summary>Background builds on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresIndexBackgroundBuildTests(PostgresFixture postgres) : IndexBackgroundBuildContract
{
    protected override string Location => postgres.SharedDatabase;
}
