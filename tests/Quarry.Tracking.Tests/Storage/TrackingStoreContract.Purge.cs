using Quarry.Core;

namespace Quarry.Tracking.Tests.Storage;

/// <summary>DeleteExperimentTag, PurgeRun and PurgeExperiment (spec mlflow-rest.md §3.1; tracking-pain.md §9).</summary>
public abstract partial class TrackingStoreContract
{
    [Fact]
    public async Task DeleteExperimentTag_removes_the_tag_and_throws_NotFound_when_absent()
    {
        var store = CreateStore();
        var id = await store.CreateExperimentAsync(Unique("exp"), null, new Dictionary<string, string> { ["team"] = "quant", ["desk"] = "rates" });
        await store.DeleteExperimentTagAsync(id, "team");
        Assert.Equal(new Dictionary<string, string> { ["desk"] = "rates" }, (await store.GetExperimentAsync(id)).Tags);
        var e = await Throws(ErrorCode.NotFound, () => store.DeleteExperimentTagAsync(id, "team"));
        Assert.Contains("team", e.Message, StringComparison.Ordinal);
        await Throws(ErrorCode.NotFound, () => store.DeleteExperimentTagAsync("987654321", "desk"));
        await store.DeleteExperimentAsync(id);
        await Throws(ErrorCode.InvalidState, () => store.DeleteExperimentTagAsync(id, "desk"));
        Assert.Equal("rates", (await store.GetExperimentAsync(id)).Tags["desk"]);
    }

    [Fact]
    public async Task PurgeRun_removes_a_deleted_run_for_good_and_leaves_its_neighbours()
    {
        var store = CreateStore();
        var exp = await store.CreateExperimentAsync(Unique("exp"));
        var doomed = (await store.CreateRunAsync(exp, "u", 1)).Info.RunId;
        var kept = (await store.CreateRunAsync(exp, "u", 2)).Info.RunId;
        foreach (var id in new[] { doomed, kept })
        {
            await store.LogBatchAsync(id, [new Metric("m", 1, 1, 0)], [new Param("p", "v")], [new RunTag("t", "v")]);
            await store.LogInputsAsync(id, [Input("prices", "d1", "train")]);
        }

        var e = await Throws(ErrorCode.InvalidState, () => store.PurgeRunAsync(doomed));
        Assert.Contains("delete it first", e.Message, StringComparison.Ordinal);
        await store.DeleteRunAsync(doomed);
        await store.PurgeRunAsync(doomed);

        await Throws(ErrorCode.NotFound, () => store.GetRunAsync(doomed));
        await Throws(ErrorCode.NotFound, () => store.GetMetricHistoryAsync(doomed, "m"));
        await Throws(ErrorCode.NotFound, () => store.RestoreRunAsync(doomed));
        await Throws(ErrorCode.NotFound, () => store.PurgeRunAsync(doomed));
        Assert.Equal([kept], await SearchIds(store, exp, view: ViewType.All));
        var neighbour = await store.GetRunAsync(kept);
        Assert.Equal([new Param("p", "v")], neighbour.Data.Params);
        Assert.Single(await store.GetMetricHistoryAsync(kept, "m"));
        Assert.Equal("prices", Assert.Single(neighbour.Inputs).Dataset.Name);
        Assert.Equal([kept], await SearchIds(store, exp, "dataset.context = 'train'"));
    }

    [Fact]
    public async Task PurgeExperiment_removes_a_deleted_experiment_with_its_runs_and_frees_its_name()
    {
        var store = CreateStore();
        string name = Unique("exp");
        var exp = await store.CreateExperimentAsync(name, null, new Dictionary<string, string> { ["k"] = "v" });
        var run = (await store.CreateRunAsync(exp, "u", 1)).Info.RunId;
        await store.LogBatchAsync(run, [new Metric("m", 1, 1, 0)], [new Param("p", "v")], null);
        await store.LogInputsAsync(run, [Input("prices", "d1")]);

        await Throws(ErrorCode.InvalidState, () => store.PurgeExperimentAsync(exp));
        await store.DeleteExperimentAsync(exp);
        await store.PurgeExperimentAsync(exp);

        await Throws(ErrorCode.NotFound, () => store.GetExperimentAsync(exp));
        await Throws(ErrorCode.NotFound, () => store.RestoreExperimentAsync(exp));
        await Throws(ErrorCode.NotFound, () => store.PurgeExperimentAsync(exp));
        await Throws(ErrorCode.NotFound, () => store.GetRunAsync(run));
        Assert.Null(await store.GetExperimentByNameAsync(name));
        Assert.Empty((await store.SearchRunsAsync([exp], null, ViewType.All, 10, null, null)).Runs);

        var reborn = await store.CreateExperimentAsync(name);
        Assert.NotEqual(exp, reborn);
        Assert.Empty((await store.GetExperimentAsync(reborn)).Tags);
    }

    [Fact]
    public async Task PurgeExperiment_refuses_the_Default_experiment_and_unknown_ids()
    {
        var store = CreateStore();
        var e = await Throws(ErrorCode.InvalidParameter, () => store.PurgeExperimentAsync("0"));
        Assert.Contains("'0'", e.Message, StringComparison.Ordinal);
        await Throws(ErrorCode.NotFound, () => store.PurgeExperimentAsync("987654321"));
        await Throws(ErrorCode.NotFound, () => store.PurgeExperimentAsync("not-a-number"));
        await Throws(ErrorCode.NotFound, () => store.PurgeRunAsync(Guid.NewGuid().ToString("N")));
        Assert.Equal("Default", (await store.GetExperimentAsync("0")).Name);
    }
}
