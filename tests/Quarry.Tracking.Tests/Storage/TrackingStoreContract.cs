using Quarry.Tracking.Tests.Support;
using System.Collections.Concurrent;
using Quarry.Core;
using Quarry.Tracking.Storage;

namespace Quarry.Tracking.Tests.Storage;

/// <summary>The behaviour every <see cref="ITrackingStore"/> must have; one subclass per backend.</summary>
public abstract partial class TrackingStoreContract
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
    public async Task CreateRun_artifact_uri_trims_the_experiment_locations_trailing_slashes()
    {
        var store = CreateStore();
        var exp = await store.CreateExperimentAsync(Unique("exp"), "s3://bucket/x//");
        var run = await store.CreateRunAsync(exp, "bob", 1, null, [new RunTag("mlflow.user", "bob")]);
        Assert.Equal($"s3://bucket/x/{run.Info.RunId}/artifacts", run.Info.ArtifactUri);
        var read = await store.GetRunAsync(run.Info.RunId);
        Assert.Equal(run.Info, read.Info);
        Assert.Equal(run.Data.Tags, read.Data.Tags);
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
    public async Task Metric_history_is_ordered_by_step_timestamp_value_with_NaN_after_the_numbers_of_its_step_and_timestamp()
    {
        var (store, runId) = await NewRun();
        await store.LogBatchAsync(runId, [
            new Metric("m", 5, 10, 2), new Metric("m", double.NaN, 10, 1), new Metric("m", 1, 10, 1), new Metric("m", -1, 10, 1),
            new Metric("m", double.PositiveInfinity, 10, 1), new Metric("m", 0.5, 20, 1), new Metric("m", double.NaN, 5, 1),
            new Metric("m", double.NegativeInfinity, 10, 1), new Metric("m", 7, 10, 0),
        ], null, null);
        var history = await store.GetMetricHistoryAsync(runId, "m");
        Assert.Equal([(0L, 10L, 7.0), (1, 5, double.NaN), (1, 10, double.NegativeInfinity), (1, 10, -1), (1, 10, 1), (1, 10, double.PositiveInfinity),
            (1, 10, double.NaN), (1, 20, 0.5), (2, 10, 5)], history.Select(p => (p.Step, p.Timestamp, p.Value)));
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
    public async Task LogBatch_of_everything_on_unknown_or_deleted_run_throws_and_writes_nothing()
    {
        var (store, runId) = await NewRun();
        Metric[] metrics = [new Metric("m", 1, 1, 0), new Metric("m", 2, 2, 1)];
        Param[] @params = [new Param("p", "1")];
        RunTag[] tags = [new RunTag("t", "v"), new RunTag("mlflow.runName", "renamed")];
        await Throws(ErrorCode.NotFound, () => store.LogBatchAsync(Guid.NewGuid().ToString("N"), metrics, @params, tags));
        await store.DeleteRunAsync(runId);
        await Throws(ErrorCode.InvalidState, () => store.LogBatchAsync(runId, metrics, @params, tags));
        var run = await store.GetRunAsync(runId);
        Assert.Empty(run.Data.LatestMetrics);
        Assert.Empty(await store.GetMetricHistoryAsync(runId, "m"));
        Assert.Empty(run.Data.Params);
        Assert.DoesNotContain(run.Data.Tags, t => t.Key == "t");
        Assert.NotEqual("renamed", run.Info.RunName);
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

    // ---- SearchRuns / SearchExperiments (spec mlflow-search.md §1.2, §2, §3, §6) ----

    static string Token(string json) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json));

    static async Task<List<string>> SearchIds(ITrackingStore store, string exp, string? filter = null, ViewType view = ViewType.ActiveOnly,
        int max = 1000, IReadOnlyList<string>? orderBy = null) =>
        [.. (await store.SearchRunsAsync([exp], filter, view, max, orderBy, null)).Runs.Select(r => r.Info.RunId)];

    [Fact]
    public async Task SearchRuns_view_types_follow_delete_and_restore_S13()
    {
        var store = CreateStore();
        var exp = await store.CreateExperimentAsync(Unique("exp"));
        var ids = new List<string>();
        for (int i = 0; i < 3; i++) ids.Add((await store.CreateRunAsync(exp, "u", 1000 + i)).Info.RunId);
        ids.Reverse(); // newest first
        Assert.Equal(ids, await SearchIds(store, exp, view: ViewType.All));
        Assert.Equal(ids, await SearchIds(store, exp, view: ViewType.ActiveOnly));
        Assert.Empty(await SearchIds(store, exp, view: ViewType.DeletedOnly));

        await store.DeleteRunAsync(ids[0]);
        await store.DeleteRunAsync(ids[0]);
        Assert.Equal(ids, await SearchIds(store, exp, view: ViewType.All));
        Assert.Equal(ids[1..], await SearchIds(store, exp, view: ViewType.ActiveOnly));
        Assert.Equal([ids[0]], await SearchIds(store, exp, view: ViewType.DeletedOnly));
        var deleted = (await store.SearchRunsAsync([exp], null, ViewType.DeletedOnly, 10, null, null)).Runs.Single();
        Assert.Equal(LifecycleStage.Deleted, deleted.Info.LifecycleStage);

        await store.RestoreRunAsync(ids[0]);
        await store.RestoreRunAsync(ids[0]);
        Assert.Equal(ids, await SearchIds(store, exp, view: ViewType.ActiveOnly));
        Assert.Empty(await SearchIds(store, exp, view: ViewType.DeletedOnly));
    }

    [Fact]
    public async Task SearchRuns_max_results_returns_the_newest_first_S14()
    {
        var store = CreateStore();
        var exp = await store.CreateExperimentAsync(Unique("exp"));
        const int total = 1200;
        var ids = new string[total];
        for (int i = 0; i < total; i++) ids[i] = (await store.CreateRunAsync(exp, "u", i)).Info.RunId;
        var newestFirst = ids.Reverse().ToList();
        foreach (int n in new[] { 1, 2, 4, 8, 10, 20, 50, 100, 500, 1000, 1200, 2000 })
        {
            var page = await store.SearchRunsAsync([exp], null, ViewType.ActiveOnly, n, null, null);
            Assert.Equal(newestFirst.Take(Math.Min(n, total)), page.Runs.Select(r => r.Info.RunId));
            Assert.Equal(n < total, page.NextPageToken is not null);
        }
        var e = await Throws(ErrorCode.InvalidParameter, () => store.SearchRunsAsync([exp], null, ViewType.ActiveOnly, 50001, null, null));
        Assert.Contains("Invalid value 50001 for parameter 'max_results'", e.Message, StringComparison.Ordinal);
        await Throws(ErrorCode.InvalidParameter, () => store.SearchRunsAsync([exp], null, ViewType.ActiveOnly, 0, null, null));
        Assert.Equal(total, (await store.SearchRunsAsync([exp], null, ViewType.ActiveOnly, 50000, null, null)).Runs.Count);
    }

    [Fact]
    public async Task SearchRuns_pages_of_4_over_equal_start_times_order_by_run_id_S15()
    {
        var store = CreateStore();
        var exp = await store.CreateExperimentAsync(Unique("exp"));
        var ids = new List<string>();
        for (int i = 0; i < 10; i++) ids.Add((await store.CreateRunAsync(exp, "u", 10)).Info.RunId);
        ids.Sort(StringComparer.Ordinal);

        var p1 = await store.SearchRunsAsync([exp], null, ViewType.ActiveOnly, 4, null, null);
        Assert.Equal(ids[0..4], p1.Runs.Select(r => r.Info.RunId));
        Assert.NotNull(p1.NextPageToken);
        var p2 = await store.SearchRunsAsync([exp], null, ViewType.ActiveOnly, 4, null, p1.NextPageToken);
        Assert.Equal(ids[4..8], p2.Runs.Select(r => r.Info.RunId));
        Assert.NotNull(p2.NextPageToken);
        var p3 = await store.SearchRunsAsync([exp], null, ViewType.ActiveOnly, 4, null, p2.NextPageToken);
        Assert.Equal(ids[8..10], p3.Runs.Select(r => r.Info.RunId));
        Assert.Null(p3.NextPageToken);
    }

    [Fact]
    public async Task SearchRuns_offset_tokens_and_pages_concatenate_to_the_full_result_S18()
    {
        var store = CreateStore();
        var exp = await store.CreateExperimentAsync(Unique("exp"));
        var ids = new List<string>();
        for (int i = 0; i < 23; i++)
        {
            var id = (await store.CreateRunAsync(exp, "u", i % 5)).Info.RunId;
            ids.Add(id);
            if (i % 4 != 0) await store.LogBatchAsync(id, [new Metric("loss", i % 7, 0, 0)], null, null);
        }
        string filter = "metrics.loss >= 0";
        string[] order = ["metrics.loss DESC"];
        var full = await SearchIds(store, exp, filter, orderBy: order);
        Assert.Equal(ids.Where((_, i) => i % 4 != 0).Order(StringComparer.Ordinal), full.Order(StringComparer.Ordinal));
        foreach (int size in new[] { 1, 2, 3, 5, 16, 17, 18, 100 })
        {
            var paged = await Paging.AllPages(async token =>
            {
                var p = await store.SearchRunsAsync([exp], filter, ViewType.ActiveOnly, size, order, token);
                return (p.Runs.Select(r => r.Info.RunId), p.NextPageToken);
            }, size);
            Assert.Equal(full, paged);
        }
        // Explicit offset tokens as MLflow writes them.
        var three = await SearchIds(store, exp, max: 3);
        var at1 = await store.SearchRunsAsync([exp], null, ViewType.ActiveOnly, 1, null, Token("{\"offset\": 1}"));
        Assert.Equal([three[1]], at1.Runs.Select(r => r.Info.RunId));
        Assert.NotNull(at1.NextPageToken);
        var past = await store.SearchRunsAsync([exp], null, ViewType.ActiveOnly, 1, null, Token("{\"offset\": 1000}"));
        Assert.Empty(past.Runs);
        Assert.Null(past.NextPageToken);
    }

    [Theory]
    [InlineData("e30=")] // {}
    [InlineData("eyJvZmZzZXQiOiJhIn0=")] // {"offset":"a"}
    [InlineData("eyJvZmZzb290Ijo3fQ==")] // {"offsoot":7}
    [InlineData("Im5vdCBqc29uIg==")] // "not json"
    [InlineData("not base64")]
    [InlineData("eyJvZmZzZXQiOi0xfQ==")] // {"offset":-1}
    public async Task Invalid_page_tokens_are_rejected_S18_S20(string token)
    {
        var store = CreateStore();
        var exp = await store.CreateExperimentAsync(Unique("exp"));
        var e = await Throws(ErrorCode.InvalidParameter, () => store.SearchRunsAsync([exp], null, ViewType.ActiveOnly, 10, null, token));
        Assert.Contains("Invalid page token", e.Message, StringComparison.Ordinal);
        e = await Throws(ErrorCode.InvalidParameter, () => store.SearchExperimentsAsync(null, ViewType.All, 10, null, token));
        Assert.Contains("Invalid page token", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchRuns_filter_and_order_by_over_logged_metrics_params_and_tags()
    {
        var store = CreateStore();
        var exp = await store.CreateExperimentAsync(Unique("exp"));
        var other = await store.CreateExperimentAsync(Unique("exp"));
        var runs = new List<string>();
        for (int i = 0; i < 6; i++)
        {
            var id = (await store.CreateRunAsync(exp, "u", 100 + i, $"run-{i}")).Info.RunId;
            runs.Add(id);
            await store.LogBatchAsync(id,
                [new Metric("acc", i / 10.0, 1, 0), new Metric("acc", 0.05 + i / 10.0, 2, 1)],
                [new Param("model", i % 2 == 0 ? "cnn" : "rnn")],
                [new RunTag("team", i < 3 ? "quant" : "risk")]);
        }
        await store.CreateRunAsync(other, "u", 1);

        // latest acc = 0.05 + i/10 → runs 2..5 have acc > 0.2; cnn → even i; order by acc DESC.
        var found = await store.SearchRunsAsync([exp, other], "metrics.acc > 0.2 AND params.model = 'cnn'", ViewType.ActiveOnly, 100,
            ["metrics.acc DESC"], null);
        Assert.Equal([runs[4], runs[2]], found.Runs.Select(r => r.Info.RunId));
        var top = found.Runs[0];
        Assert.Equal(0.45, Assert.Single(top.Data.LatestMetrics).Value, 12);
        Assert.Equal(new Param("model", "cnn"), Assert.Single(top.Data.Params));
        Assert.Contains(new RunTag("team", "risk"), top.Data.Tags);
        Assert.Contains(new RunTag("mlflow.runName", "run-4"), top.Data.Tags);

        Assert.Equal([runs[4], runs[3], runs[5]],
            await SearchIds(store, exp, "tags.team = 'risk'", orderBy: ["params.model ASC", "attributes.start_time ASC"]));
        Assert.Equal([runs[1]], await SearchIds(store, exp, "attributes.run_name = 'run-1'"));
        Assert.Equal(runs.AsEnumerable().Reverse(), await SearchIds(store, exp, "run_name LIKE 'run-%'"));
        Assert.Empty(await SearchIds(store, exp, "metrics.missing < 1"));
        Assert.Empty((await store.SearchRunsAsync([], null, ViewType.All, 10, null, null)).Runs);

        await Throws(ErrorCode.InvalidParameter, () => store.SearchRunsAsync([exp], "metrics.acc > 'x'", ViewType.ActiveOnly, 10, null, null));
        await Throws(ErrorCode.InvalidParameter, () => store.SearchRunsAsync([exp], null, ViewType.ActiveOnly, 10, ["metrics.acc ACS"], null));
    }

    [Fact]
    public async Task SearchExperiments_by_name_like_tags_and_view_type_S19()
    {
        var store = CreateStore();
        string prefix = Unique("sx");
        var e1 = await store.CreateExperimentAsync(prefix + "-exp1", null, new Dictionary<string, string> { ["key1"] = "value", ["key2"] = "value", ["owner"] = prefix });
        var e2 = await store.CreateExperimentAsync(prefix + "-exp2", null, new Dictionary<string, string> { ["key1"] = "vaLue", ["key2"] = "vaLue", ["owner"] = prefix });
        var e3 = await store.CreateExperimentAsync(prefix + "-other", null, new Dictionary<string, string> { ["k e y 1"] = "value", ["owner"] = prefix, ["a"] = "1" });

        async Task<List<string>> Ids(string filter, ViewType view = ViewType.ActiveOnly, IReadOnlyList<string>? order = null) =>
            [.. (await store.SearchExperimentsAsync(filter, view, 1000, order, null)).Experiments.Select(e => e.ExperimentId)];
        string mine = $"tags.owner = '{prefix}'";

        // Default order: creation_time DESC, experiment_id ASC.
        Assert.Equal(new[] { e1, e2, e3 }.OrderByDescending(id => long.Parse(id, System.Globalization.CultureInfo.InvariantCulture)),
            (await Ids(mine)).OrderByDescending(id => long.Parse(id, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal([e1, e2], await Ids($"name LIKE '{prefix}-exp%'", order: ["name ASC"]));
        Assert.Equal([e2, e1], await Ids($"name LIKE '{prefix}-exp%'", order: ["name DESC"]));
        Assert.Empty(await Ids($"name LIKE '{prefix.ToUpperInvariant()}-EXP%'"));
        Assert.Equal([e1, e2], await Ids($"name ILIKE '{prefix.ToUpperInvariant()}-EXP%'", order: ["attribute.name"]));
        Assert.Equal([e1], await Ids($"tag.key1 = 'value' AND {mine}"));
        Assert.Equal([e3], await Ids($"tag.`k e y 1` = 'value' AND {mine}"));
        Assert.Equal([e3], await Ids($"tag.\"k e y 1\" = 'value' AND {mine}"));
        Assert.Equal([e2], await Ids($"tag.key1 != 'value' AND {mine}"));
        Assert.Equal([e3], await Ids($"name ILIKE '{prefix}%' AND tag.a = '1'"));
        Assert.Equal([e1, e2], await Ids($"tags.key2 ILIKE 'VALUE' AND {mine}", order: ["experiment_id ASC"]));
        Assert.Equal([e1, e2, e3], await Ids($"creation_time >= 0 AND last_update_time > 0 AND {mine}", order: ["experiment_id"]));
        Assert.Empty(await Ids($"creation_time < 0 AND {mine}"));

        await store.DeleteExperimentAsync(e2);
        Assert.Equal([e1, e3], await Ids(mine, order: ["experiment_id"]));
        Assert.Equal([e2], await Ids(mine, ViewType.DeletedOnly));
        Assert.Equal([e1, e2, e3], await Ids(mine, ViewType.All, ["experiment_id"]));
        var deleted = (await store.SearchExperimentsAsync(mine, ViewType.DeletedOnly, 10, null, null)).Experiments.Single();
        Assert.Equal(prefix, deleted.Tags["owner"]);
        Assert.Equal(LifecycleStage.Deleted, deleted.LifecycleStage);

        // Paging over experiments.
        var paged = await Paging.AllPages(async token =>
        {
            var p = await store.SearchExperimentsAsync(mine, ViewType.All, 2, ["name DESC"], token);
            return (p.Experiments.Select(e => e.ExperimentId), p.NextPageToken);
        }, 2);
        Assert.Equal([e3, e2, e1], paged);

        foreach (var bad in new[] { "name > 'a'", "creation_time = 'x'", "params.a = '1'", "foo = 'a'", "name = 'a' OR name = 'b'", "tags.a > 1" })
            await Throws(ErrorCode.InvalidParameter, () => store.SearchExperimentsAsync(bad, ViewType.All, 10, null, null));
        await Throws(ErrorCode.InvalidParameter, () => store.SearchExperimentsAsync(null, ViewType.All, 10, ["size ASC"], null));
        await Throws(ErrorCode.InvalidParameter, () => store.SearchExperimentsAsync(null, ViewType.All, 10, ["name", "name DESC"], null));
        await Throws(ErrorCode.InvalidParameter, () => store.SearchExperimentsAsync(null, ViewType.All, 50001, null, null));
    }
}
