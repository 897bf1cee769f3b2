using System.Collections.Concurrent;
using Quarry.Core;
using Quarry.Tracking.Storage;

namespace Quarry.Tracking.Tests.Storage;

/// <summary>The behaviour every <see cref="ITrackingStore"/> must have; one subclass per backend.</summary>
public abstract class TrackingStoreContract
{
    protected abstract ITrackingStore CreateStore();

    static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    static async Task<QuarryException> Throws(ErrorCode code, Func<Task> action)
    {
        var e = await Assert.ThrowsAsync<QuarryException>(action);
        Assert.Equal(code, e.Code);
        return e;
    }

    async Task<(ITrackingStore Store, string RunId)> NewRun(string? runName = null)
    {
        var store = CreateStore();
        var exp = await store.CreateExperimentAsync(Unique("exp"));
        var run = await store.CreateRunAsync(exp, "alice", 1000, runName);
        return (store, run.Info.RunId);
    }

    [Fact]
    public async Task Default_experiment_has_id_0()
    {
        var store = CreateStore();
        var e = await store.GetExperimentAsync("0");
        Assert.Equal("Default", e.Name);
        Assert.Equal(LifecycleStage.Active, e.LifecycleStage);
    }

    [Fact]
    public async Task CreateExperiment_then_get_by_id_and_by_name()
    {
        var store = CreateStore();
        string name = Unique("exp");
        var id = await store.CreateExperimentAsync(name, null, new Dictionary<string, string> { ["team"] = "quant" });
        var byId = await store.GetExperimentAsync(id);
        Assert.Equal(name, byId.Name);
        Assert.Equal($"mlflow-artifacts:/{id}", byId.ArtifactLocation);
        Assert.Equal("quant", byId.Tags["team"]);
        Assert.Equal(id, (await store.GetExperimentByNameAsync(name))!.ExperimentId);
        Assert.Null(await store.GetExperimentByNameAsync(Unique("missing")));
        Assert.Contains(await store.ListExperimentsAsync(), e => e.ExperimentId == id);
        await store.SetExperimentTagAsync(id, "team", "risk");
        Assert.Equal("risk", (await store.GetExperimentAsync(id)).Tags["team"]);
    }

    [Fact]
    public async Task CreateExperiment_with_taken_name_throws_AlreadyExists()
    {
        var store = CreateStore();
        string name = Unique("exp");
        var id = await store.CreateExperimentAsync(name);
        await Throws(ErrorCode.AlreadyExists, () => store.CreateExperimentAsync(name));
        await store.DeleteExperimentAsync(id);
        await Throws(ErrorCode.AlreadyExists, () => store.CreateExperimentAsync(name));
    }

    [Fact]
    public async Task Unknown_experiment_throws_NotFound()
    {
        var store = CreateStore();
        await Throws(ErrorCode.NotFound, () => store.GetExperimentAsync("987654321"));
        await Throws(ErrorCode.NotFound, () => store.GetExperimentAsync("not-a-number"));
        await Throws(ErrorCode.NotFound, () => store.CreateRunAsync("987654321", "u", 0));
    }

    [Fact]
    public async Task RenameExperiment_changes_name_and_rejects_taken_names()
    {
        var store = CreateStore();
        string a = Unique("a"), b = Unique("b"), c = Unique("c");
        var id = await store.CreateExperimentAsync(a);
        await store.CreateExperimentAsync(b);
        await store.RenameExperimentAsync(id, c);
        Assert.Equal(c, (await store.GetExperimentAsync(id)).Name);
        Assert.Null(await store.GetExperimentByNameAsync(a));
        await Throws(ErrorCode.AlreadyExists, () => store.RenameExperimentAsync(id, b));
    }

    [Fact]
    public async Task DeleteExperiment_deletes_its_runs_and_restore_brings_them_back()
    {
        var store = CreateStore();
        var id = await store.CreateExperimentAsync(Unique("exp"));
        var run = await store.CreateRunAsync(id, "u", 1);
        await store.DeleteExperimentAsync(id);
        Assert.Equal(LifecycleStage.Deleted, (await store.GetExperimentAsync(id)).LifecycleStage);
        Assert.Equal(LifecycleStage.Deleted, (await store.GetRunAsync(run.Info.RunId)).Info.LifecycleStage);
        Assert.DoesNotContain(await store.ListExperimentsAsync(), e => e.ExperimentId == id);
        Assert.Contains(await store.ListExperimentsAsync(includeDeleted: true), e => e.ExperimentId == id);
        await Throws(ErrorCode.InvalidState, () => store.CreateRunAsync(id, "u", 2));
        await Throws(ErrorCode.InvalidState, () => store.RenameExperimentAsync(id, Unique("x")));
        await store.RestoreExperimentAsync(id);
        Assert.Equal(LifecycleStage.Active, (await store.GetExperimentAsync(id)).LifecycleStage);
        Assert.Equal(LifecycleStage.Active, (await store.GetRunAsync(run.Info.RunId)).Info.LifecycleStage);
    }

    [Fact]
    public async Task CreateRun_returns_running_run_with_hex_id_and_name_tag()
    {
        var store = CreateStore();
        var exp = await store.CreateExperimentAsync(Unique("exp"));
        var run = await store.CreateRunAsync(exp, "alice", 1234, null, [new RunTag("k", "v")]);
        Assert.Matches("^[0-9a-f]{32}$", run.Info.RunId);
        Assert.Equal(RunStatus.Running, run.Info.Status);
        Assert.Equal(1234, run.Info.StartTime);
        Assert.Null(run.Info.EndTime);
        Assert.Equal("alice", run.Info.UserId);
        Assert.Equal(exp, run.Info.ExperimentId);
        Assert.Equal($"mlflow-artifacts:/{exp}/{run.Info.RunId}/artifacts", run.Info.ArtifactUri);
        Assert.False(string.IsNullOrEmpty(run.Info.RunName));
        Assert.Contains(new RunTag("mlflow.runName", run.Info.RunName), run.Data.Tags);
        Assert.Contains(new RunTag("k", "v"), run.Data.Tags);
        Assert.Equal(run, await store.GetRunAsync(run.Info.RunId) with { Data = run.Data });
        await Throws(ErrorCode.NotFound, () => store.GetRunAsync(Guid.NewGuid().ToString("N")));
    }

    [Fact]
    public async Task CreateRun_takes_name_from_tag_and_rejects_conflicting_name()
    {
        var store = CreateStore();
        var exp = await store.CreateExperimentAsync(Unique("exp"));
        var run = await store.CreateRunAsync(exp, "u", 1, null, [new RunTag("mlflow.runName", "from-tag")]);
        Assert.Equal("from-tag", run.Info.RunName);
        await Throws(ErrorCode.InvalidParameter, () => store.CreateRunAsync(exp, "u", 1, "other", [new RunTag("mlflow.runName", "from-tag")]));
    }

    [Fact]
    public async Task UpdateRun_sets_status_end_time_and_name()
    {
        var (store, runId) = await NewRun("first");
        var info = await store.UpdateRunAsync(runId, RunStatus.Finished, 5000, "second");
        Assert.Equal(RunStatus.Finished, info.Status);
        Assert.Equal(5000, info.EndTime);
        Assert.Equal("second", info.RunName);
        var run = await store.GetRunAsync(runId);
        Assert.Contains(new RunTag("mlflow.runName", "second"), run.Data.Tags);
        info = await store.UpdateRunAsync(runId, runName: "");
        Assert.Equal("second", info.RunName);
    }

    [Fact]
    public async Task SetTag_runName_renames_run_and_DeleteTag_keeps_name()
    {
        var (store, runId) = await NewRun("first");
        await store.SetTagAsync(runId, "mlflow.runName", "renamed");
        Assert.Equal("renamed", (await store.GetRunAsync(runId)).Info.RunName);
        await store.DeleteTagAsync(runId, "mlflow.runName");
        var run = await store.GetRunAsync(runId);
        Assert.Equal("renamed", run.Info.RunName);
        Assert.DoesNotContain(run.Data.Tags, t => t.Key == "mlflow.runName");
        await Throws(ErrorCode.NotFound, () => store.DeleteTagAsync(runId, "nope"));
    }

    [Fact]
    public async Task DeleteRun_and_RestoreRun_are_idempotent_and_writes_to_deleted_run_throw_InvalidState()
    {
        var (store, runId) = await NewRun();
        await store.DeleteRunAsync(runId);
        await store.DeleteRunAsync(runId);
        Assert.Equal(LifecycleStage.Deleted, (await store.GetRunAsync(runId)).Info.LifecycleStage);
        await Throws(ErrorCode.InvalidState, () => store.LogMetricAsync(runId, "m", 1, 1));
        await Throws(ErrorCode.InvalidState, () => store.SetTagAsync(runId, "t", "v"));
        await Throws(ErrorCode.InvalidState, () => store.UpdateRunAsync(runId, RunStatus.Failed));
        await store.RestoreRunAsync(runId);
        await store.RestoreRunAsync(runId);
        Assert.Equal(LifecycleStage.Active, (await store.GetRunAsync(runId)).Info.LifecycleStage);
        await store.LogMetricAsync(runId, "m", 1, 1);
        await Throws(ErrorCode.NotFound, () => store.DeleteRunAsync(Guid.NewGuid().ToString("N")));
        await Throws(ErrorCode.NotFound, () => store.LogParamAsync(Guid.NewGuid().ToString("N"), "p", "v"));
    }

    [Fact]
    public async Task LogParam_same_value_is_noop_and_different_value_throws_InvalidParameter_naming_both()
    {
        var (store, runId) = await NewRun();
        await store.LogParamAsync(runId, "lr", "0.1");
        await store.LogParamAsync(runId, "lr", "0.1");
        var e = await Throws(ErrorCode.InvalidParameter, () => store.LogParamAsync(runId, "lr", "0.2"));
        Assert.Contains("lr", e.Message);
        Assert.Contains("0.1", e.Message);
        Assert.Contains("0.2", e.Message);
        Assert.Contains("Changing param values is not allowed", e.Message);
        Assert.Equal([new Param("lr", "0.1")], (await store.GetRunAsync(runId)).Data.Params);
        await Throws(ErrorCode.InvalidParameter, () => store.LogBatchAsync(runId, null, [new Param("x", "1"), new Param("x", "2")], null));
    }

    [Fact]
    public async Task Metric_history_ignores_duplicates_and_latest_is_max_step_then_timestamp()
    {
        var (store, runId) = await NewRun();
        await store.LogBatchAsync(runId, [new Metric("loss", 3, 100, 0), new Metric("loss", 3, 100, 0), new Metric("loss", 2, 200, 1)], null, null);
        await store.LogMetricAsync(runId, "loss", 2, 200, 1); // replay of a retried request
        await store.LogMetricAsync(runId, "loss", 9, 50, 0);  // older step: not the latest
        await store.LogMetricAsync(runId, "loss", 1, 300, 1); // same step, later timestamp: the latest
        var history = await store.GetMetricHistoryAsync(runId, "loss");
        Assert.Equal(4, history.Count);
        Assert.Equal([new Metric("loss", 1, 300, 1)], (await store.GetRunAsync(runId)).Data.LatestMetrics);
        Assert.Empty(await store.GetMetricHistoryAsync(runId, "other"));
    }

    [Fact]
    public async Task NaN_and_infinite_metric_values_round_trip()
    {
        var (store, runId) = await NewRun();
        await store.LogBatchAsync(runId, [new Metric("nan", double.NaN, 1, 0), new Metric("pinf", double.PositiveInfinity, 1, 0),
            new Metric("ninf", double.NegativeInfinity, 1, 0)], null, null);
        var latest = (await store.GetRunAsync(runId)).Data.LatestMetrics.ToDictionary(m => m.Key, m => m.Value);
        Assert.True(double.IsNaN(latest["nan"]));
        Assert.Equal(double.PositiveInfinity, latest["pinf"]);
        Assert.Equal(double.NegativeInfinity, latest["ninf"]);
        Assert.True(double.IsNaN(Assert.Single(await store.GetMetricHistoryAsync(runId, "nan")).Value));
        Assert.Equal(double.NegativeInfinity, Assert.Single(await store.GetMetricHistoryAsync(runId, "ninf")).Value);
    }

    public static TheoryData<int, int, int, string> OverLimits => new()
    {
        { 1001, 0, 0, "1000 metrics" },
        { 0, 101, 0, "100 params" },
        { 0, 0, 101, "100 tags" },
        { 950, 60, 0, "1000 metrics, params, and tags" },
    };

    [Theory]
    [MemberData(nameof(OverLimits))]
    public async Task LogBatch_over_limits_throws_InvalidParameter_and_writes_nothing(int metrics, int @params, int tags, string limit)
    {
        var (store, runId) = await NewRun();
        var e = await Throws(ErrorCode.InvalidParameter, () => store.LogBatchAsync(runId,
            [.. Enumerable.Range(0, metrics).Select(i => new Metric("m", i, i, i))],
            [.. Enumerable.Range(0, @params).Select(i => new Param($"p{i}", "v"))],
            [.. Enumerable.Range(0, tags).Select(i => new RunTag($"t{i}", "v"))]));
        Assert.Contains(limit, e.Message);
        var run = await store.GetRunAsync(runId);
        Assert.Empty(run.Data.LatestMetrics);
        Assert.Empty(run.Data.Params);
        Assert.Single(run.Data.Tags); // mlflow.runName only
    }

    [Fact]
    public async Task LogBatch_rejects_long_keys_and_values_naming_the_limit()
    {
        var (store, runId) = await NewRun();
        Assert.Contains("250", (await Throws(ErrorCode.InvalidParameter, () => store.LogParamAsync(runId, new string('k', 251), "v"))).Message);
        Assert.Contains("6000", (await Throws(ErrorCode.InvalidParameter, () => store.LogParamAsync(runId, "p", new string('v', 6001)))).Message);
        Assert.Contains("8000", (await Throws(ErrorCode.InvalidParameter, () => store.SetTagAsync(runId, "t", new string('v', 8001)))).Message);
        await store.LogParamAsync(runId, "p", new string('v', 6000));
    }

    [Fact]
    public async Task Failed_batch_writes_none_of_its_metrics_params_or_tags()
    {
        var (store, runId) = await NewRun();
        await store.LogParamAsync(runId, "fixed", "1");
        await Throws(ErrorCode.InvalidParameter, () => store.LogBatchAsync(runId,
            [new Metric("m", 1, 1, 0)],
            [new Param("a", "1"), new Param("fixed", "2"), new Param("b", "1")],
            [new RunTag("t", "v"), new RunTag("mlflow.runName", "changed")]));
        var run = await store.GetRunAsync(runId);
        Assert.Empty(run.Data.LatestMetrics);
        Assert.Empty(await store.GetMetricHistoryAsync(runId, "m"));
        Assert.Equal([new Param("fixed", "1")], run.Data.Params);
        Assert.DoesNotContain(run.Data.Tags, t => t.Key == "t");
        Assert.NotEqual("changed", run.Info.RunName);
    }

    [Fact]
    public async Task Large_batch_is_chunked_and_fully_written()
    {
        var (store, runId) = await NewRun();
        await store.LogBatchAsync(runId,
            [.. Enumerable.Range(0, 800).Select(i => new Metric($"m{i % 5}", i, i, i))],
            [.. Enumerable.Range(0, 100).Select(i => new Param($"p{i}", "v"))],
            [.. Enumerable.Range(0, 100).Select(i => new RunTag($"t{i}", "v"))]);
        var run = await store.GetRunAsync(runId);
        Assert.Equal(5, run.Data.LatestMetrics.Count);
        Assert.Equal(100, run.Data.Params.Count);
        Assert.Equal(101, run.Data.Tags.Count);
        Assert.Equal(160, (await store.GetMetricHistoryAsync(runId, "m0")).Count);
    }

    [Fact]
    public async Task Concurrent_log_batches_from_8_threads_lose_nothing()
    {
        var (store, runId) = await NewRun();
        const int threads = 8, batches = 10;
        var errors = new ConcurrentQueue<Exception>();
        await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(async () =>
        {
            try
            {
                for (int b = 0; b < batches; b++)
                    await store.LogBatchAsync(runId,
                        [.. Enumerable.Range(0, 20).Select(i => new Metric("shared", t * 1000 + b * 20 + i, b, t * 1000 + b * 20 + i))],
                        [new Param($"p{t}-{b}", "v")], [new RunTag($"t{t}", b.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            }
            catch (Exception e) { errors.Enqueue(e); }
        })));
        Assert.Empty(errors);
        Assert.Equal(threads * batches * 20, (await store.GetMetricHistoryAsync(runId, "shared")).Count);
        var run = await store.GetRunAsync(runId);
        Assert.Equal(threads * batches, run.Data.Params.Count);
        Assert.Equal(7 * 1000 + 9 * 20 + 19, Assert.Single(run.Data.LatestMetrics).Value);
        Assert.All(Enumerable.Range(0, threads), t => Assert.Contains(new RunTag($"t{t}", "9"), run.Data.Tags));
    }
}
