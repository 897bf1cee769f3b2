using Quarry.Tracking.Search.Index;
using Quarry.Tracking.Storage;

namespace Quarry.Tracking.Tests.Search.Index;

/// <summary>
/// Two stores on one database, as two processes would open it: <c>Reader</c> answers searches from its index, <c>Writer</c>
/// (no index) changes runs. Every change is visible to the reader's next search, through an incremental update of its
/// index (no rebuild) except where a hard delete forces one.
/// </summary>
public abstract class IndexFreshnessContract : IDisposable
{
    readonly List<SqlTrackingStore> _stores = [];

    protected abstract string Location { get; }

    protected SqlTrackingStore Reader { get; private set; } = null!;
    protected SqlTrackingStore Writer { get; private set; } = null!;

    protected void OpenStores()
    {
        Reader = SqlTrackingStore.Open(Location, new RunSearchIndexOptions { MinRuns = 0 });
        Writer = SqlTrackingStore.Open(Location, RunSearchIndexOptions.Disabled);
        _stores.AddRange([Reader, Writer]);
    }

    protected async Task<List<string>> Ids(string exp, string? filter, ViewType view = ViewType.ActiveOnly, params string[] orderBy) =>
        [.. (await Reader.SearchRunsAsync([exp], filter, view, 1000, orderBy, null)).Runs.Select(r => r.Info.RunId)];

    (long Answered, long Builds, long Updates) Counts => Reader.SearchIndex!.Counts;

    /// <summary>Runs <paramref name="search"/> and checks it was answered by the index, updated (not rebuilt) when <paramref name="rebuilt"/> is false.</summary>
    protected async Task<List<string>> Fresh(Func<Task<List<string>>> search, bool rebuilt = false)
    {
        var before = Counts;
        var ids = await search();
        var after = Counts;
        Assert.Equal(before.Answered + 1, after.Answered);
        Assert.Equal(before.Builds + (rebuilt ? 1 : 0), after.Builds);
        return ids;
    }

    [Fact]
    public async Task Every_write_of_another_store_shows_in_the_next_indexed_search()
    {
        OpenStores();
        var exp = await Writer.CreateExperimentAsync($"fresh-{Guid.NewGuid():N}");
        string r1 = (await Writer.CreateRunAsync(exp, "alice", 100, "one")).Info.RunId;
        string r2 = (await Writer.CreateRunAsync(exp, "bob", 200, "two")).Info.RunId;
        Assert.Equal([r2, r1], await Fresh(() => Ids(exp, null), rebuilt: true));

        await Writer.LogMetricAsync(r1, "m", 5, 0, 0);
        Assert.Equal([r1], await Fresh(() => Ids(exp, "metrics.m > 4")));
        await Writer.LogMetricAsync(r2, "m", 7, 0, 0);
        Assert.Equal([r2, r1], await Fresh(() => Ids(exp, null, ViewType.ActiveOnly, "metrics.m DESC")));
        await Writer.LogMetricAsync(r2, "m", -1, 0, 1);
        Assert.Equal([r1, r2], await Fresh(() => Ids(exp, null, ViewType.ActiveOnly, "metrics.m DESC")));

        await Writer.LogParamAsync(r2, "p", "x");
        Assert.Equal([r2], await Fresh(() => Ids(exp, "params.p = 'x'")));
        await Writer.SetTagAsync(r1, "t", "y");
        Assert.Equal([r1], await Fresh(() => Ids(exp, "tags.t = 'y'")));
        await Writer.DeleteTagAsync(r1, "t");
        Assert.Empty(await Fresh(() => Ids(exp, "tags.t = 'y'")));

        await Writer.UpdateRunAsync(r2, RunStatus.Finished, 250);
        Assert.Equal([r2], await Fresh(() => Ids(exp, "attributes.status = 'FINISHED' AND attributes.end_time = 250")));
        await Writer.UpdateRunAsync(r1, runName: "renamed");
        Assert.Equal([r1], await Fresh(() => Ids(exp, "attributes.run_name = 'renamed'")));

        await Writer.DeleteRunAsync(r1);
        Assert.Equal([r2], await Fresh(() => Ids(exp, null)));
        Assert.Equal([r1], await Fresh(() => Ids(exp, null, ViewType.DeletedOnly)));
        await Writer.RestoreRunAsync(r1);
        Assert.Equal([r2, r1], await Fresh(() => Ids(exp, null)));

        string r3 = (await Writer.CreateRunAsync(exp, "carol", 300, "three")).Info.RunId;
        Assert.Equal([r3, r2, r1], await Fresh(() => Ids(exp, null)));
        await Writer.LogInputsAsync(r3, [new RunInput(new Dataset("d", "x1", "local", "s"), [])]);
        Assert.Equal([r3], await Ids(exp, "datasets.name = 'd'")); // dataset clauses are answered by SQL
        Assert.Equal([r3, r2, r1], await Fresh(() => Ids(exp, "attributes.user_id != 'nobody'")));

        await Writer.DeleteRunAsync(r3);
        await Writer.PurgeRunAsync(r3);
        Assert.Equal([r2, r1], await Fresh(() => Ids(exp, null, ViewType.All), rebuilt: true));

        await Writer.DeleteExperimentAsync(exp);
        Assert.Equal([r2, r1], await Fresh(() => Ids(exp, null, ViewType.DeletedOnly), rebuilt: true));
        await Writer.RestoreExperimentAsync(exp);
        Assert.Equal([r2, r1], await Fresh(() => Ids(exp, null), rebuilt: true));
    }

    [Fact]
    public async Task A_purged_experiment_has_no_runs_and_the_search_goes_on()
    {
        OpenStores();
        var exp = await Writer.CreateExperimentAsync($"purged-{Guid.NewGuid():N}");
        var other = await Writer.CreateExperimentAsync($"kept-{Guid.NewGuid():N}");
        string run = (await Writer.CreateRunAsync(exp, "u", 1)).Info.RunId;
        string kept = (await Writer.CreateRunAsync(other, "u", 2)).Info.RunId;
        Assert.Equal([kept, run], [.. (await Reader.SearchRunsAsync([exp, other], null, ViewType.All, 10, null, null)).Runs.Select(r => r.Info.RunId)]);
        await Writer.DeleteExperimentAsync(exp);
        await Writer.PurgeExperimentAsync(exp);
        Assert.Equal([kept], [.. (await Reader.SearchRunsAsync([exp, other], null, ViewType.All, 10, null, null)).Runs.Select(r => r.Info.RunId)]);
    }

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
        GC.SuppressFinalize(this);
    }
}
