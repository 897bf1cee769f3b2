using System.Text.RegularExpressions;
using Quarry.Core;
using Quarry.Tracking.Models;
using Quarry.Tracking.Tests.Support;

namespace Quarry.Tracking.Tests.Models;

/// <summary>The behaviour every <see cref="ILoggedModelStore"/> must have (spec mlflow-rest.md §6); one subclass per backend.</summary>
public abstract partial class LoggedModelStoreContract
{
    /// <summary>A tracking store and the logged-model store over the same data.</summary>
    protected abstract (ITrackingStore Tracking, ILoggedModelStore Models) CreateStores();

    static object Summary(LoggedModel m) =>
        (m.ModelId, m.ExperimentId, m.Name, m.ArtifactUri, m.Status, m.CreationTimestamp, m.LastUpdatedTimestamp, m.ModelType, m.SourceRunId);

    static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    static async Task<QuarryException> Throws(ErrorCode code, Func<Task> action)
    {
        var e = await Assert.ThrowsAsync<QuarryException>(action);
        Assert.Equal(code, e.Code);
        return e;
    }

    async Task<(ITrackingStore Tracking, ILoggedModelStore Models, string ExperimentId, string RunId)> NewRun()
    {
        var (tracking, models) = CreateStores();
        var exp = await tracking.CreateExperimentAsync(Unique("lm"));
        var run = await tracking.CreateRunAsync(exp, "alice", 1000);
        return (tracking, models, exp, run.Info.RunId);
    }

    [Fact]
    public async Task Create_then_get_returns_a_pending_model_under_the_experiment_artifact_root()
    {
        var (_, models, exp, runId) = await NewRun();
        var created = await models.CreateLoggedModelAsync(new NewLoggedModel(exp)
        {
            Name = "sma-model", ModelType = "strategy", SourceRunId = runId,
            Params = [new Param("slow", "50"), new Param("fast", "10")],
            Tags = [new RunTag("team", "quant"), new RunTag("a", "1"), new RunTag("team", "risk")],
        });
        Assert.Matches(new Regex("^m-[0-9a-f]{32}$"), created.ModelId);
        Assert.Equal(exp, created.ExperimentId);
        Assert.Equal("sma-model", created.Name);
        Assert.Equal($"mlflow-artifacts:/{exp}/models/{created.ModelId}/artifacts", created.ArtifactUri);
        Assert.Equal(LoggedModelStatus.Pending, created.Status);
        Assert.Equal("strategy", created.ModelType);
        Assert.Equal(runId, created.SourceRunId);
        Assert.Equal([new Param("fast", "10"), new Param("slow", "50")], created.Params);
        Assert.Equal([new RunTag("a", "1"), new RunTag("team", "risk")], created.Tags);
        Assert.Empty(created.Metrics);
        Assert.True(created.CreationTimestamp > 0);
        Assert.Equal(created.CreationTimestamp, created.LastUpdatedTimestamp);

        var got = await models.GetLoggedModelAsync(created.ModelId);
        Assert.Equal(Summary(created), Summary(got));
        Assert.Equal(created.Params, got.Params);
        Assert.Equal(created.Tags, got.Tags);
    }

    [Fact]
    public async Task Create_without_a_name_generates_one_and_needs_no_run()
    {
        var (_, models, exp, _) = await NewRun();
        var created = await models.CreateLoggedModelAsync(new NewLoggedModel(exp));
        Assert.Matches(new Regex(@"^[a-z]+-[a-z]+-\d+$"), created.Name);
        Assert.Null(created.SourceRunId);
        Assert.Null(created.ModelType);
    }

    [Fact]
    public async Task Create_in_an_unknown_or_deleted_experiment_or_from_an_unknown_run_fails()
    {
        var (tracking, models, exp, _) = await NewRun();
        await Throws(ErrorCode.NotFound, () => models.CreateLoggedModelAsync(new NewLoggedModel("987654321")));
        await Throws(ErrorCode.NotFound, () => models.CreateLoggedModelAsync(new NewLoggedModel(exp) { SourceRunId = Guid.NewGuid().ToString("N") }));
        await tracking.DeleteExperimentAsync(exp);
        await Throws(ErrorCode.InvalidState, () => models.CreateLoggedModelAsync(new NewLoggedModel(exp)));
    }

    [Fact]
    public async Task Get_of_an_unknown_model_is_NotFound()
    {
        var (_, models) = CreateStores();
        var e = await Throws(ErrorCode.NotFound, () => models.GetLoggedModelAsync("m-" + Guid.NewGuid().ToString("N")));
        Assert.Contains("not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Finalize_sets_ready_or_failed_and_rejects_pending()
    {
        var (_, models, exp, _) = await NewRun();
        var a = await models.CreateLoggedModelAsync(new NewLoggedModel(exp) { Name = "a" });
        var b = await models.CreateLoggedModelAsync(new NewLoggedModel(exp) { Name = "b" });
        Assert.Equal(LoggedModelStatus.Ready, (await models.FinalizeLoggedModelAsync(a.ModelId, LoggedModelStatus.Ready)).Status);
        Assert.Equal(LoggedModelStatus.Ready, (await models.GetLoggedModelAsync(a.ModelId)).Status);
        Assert.Equal(LoggedModelStatus.Failed, (await models.FinalizeLoggedModelAsync(b.ModelId, LoggedModelStatus.Failed)).Status);
        await Throws(ErrorCode.InvalidParameter, () => models.FinalizeLoggedModelAsync(a.ModelId, LoggedModelStatus.Pending));
        await Throws(ErrorCode.NotFound, () => models.FinalizeLoggedModelAsync("m-" + Guid.NewGuid().ToString("N"), LoggedModelStatus.Ready));
    }

    [Fact]
    public async Task Delete_is_soft_and_hides_the_model_from_get_writes_and_search()
    {
        var (_, models, exp, _) = await NewRun();
        var kept = await models.CreateLoggedModelAsync(new NewLoggedModel(exp) { Name = "kept" });
        var gone = await models.CreateLoggedModelAsync(new NewLoggedModel(exp) { Name = "gone" });
        await models.DeleteLoggedModelAsync(gone.ModelId);
        await Throws(ErrorCode.NotFound, () => models.GetLoggedModelAsync(gone.ModelId));
        await Throws(ErrorCode.NotFound, () => models.DeleteLoggedModelAsync(gone.ModelId));
        await Throws(ErrorCode.NotFound, () => models.SetLoggedModelTagsAsync(gone.ModelId, [new RunTag("k", "v")]));
        await Throws(ErrorCode.NotFound, () => models.LogLoggedModelParamsAsync(gone.ModelId, [new Param("k", "v")]));
        var page = await models.SearchLoggedModelsAsync([exp], null, null, 100, null);
        Assert.Equal([kept.ModelId], page.Models.Select(m => m.ModelId));
    }

    [Fact]
    public async Task Tags_upsert_and_delete_and_deleting_a_missing_tag_is_NotFound()
    {
        var (_, models, exp, _) = await NewRun();
        var m = await models.CreateLoggedModelAsync(new NewLoggedModel(exp) { Tags = [new RunTag("stage", "dev")] });
        await models.SetLoggedModelTagsAsync(m.ModelId, [new RunTag("stage", "prod"), new RunTag("owner", "bob"), new RunTag("path/with/slash", "x")]);
        Assert.Equal([new RunTag("owner", "bob"), new RunTag("path/with/slash", "x"), new RunTag("stage", "prod")],
            (await models.GetLoggedModelAsync(m.ModelId)).Tags);
        await models.DeleteLoggedModelTagAsync(m.ModelId, "path/with/slash");
        await models.DeleteLoggedModelTagAsync(m.ModelId, "owner");
        Assert.Equal([new RunTag("stage", "prod")], (await models.GetLoggedModelAsync(m.ModelId)).Tags);
        await Throws(ErrorCode.NotFound, () => models.DeleteLoggedModelTagAsync(m.ModelId, "owner"));
        await Throws(ErrorCode.InvalidParameter, () => models.SetLoggedModelTagsAsync(m.ModelId, [new RunTag("k", new string('v', 8001))]));
    }

    [Fact]
    public async Task Params_are_write_once_and_a_repeat_with_the_same_value_is_a_no_op()
    {
        var (_, models, exp, _) = await NewRun();
        var m = await models.CreateLoggedModelAsync(new NewLoggedModel(exp) { Params = [new Param("fast", "10")] });
        await models.LogLoggedModelParamsAsync(m.ModelId, [new Param("fast", "10"), new Param("slow", "50")]);
        Assert.Equal([new Param("fast", "10"), new Param("slow", "50")], (await models.GetLoggedModelAsync(m.ModelId)).Params);
        var e = await Throws(ErrorCode.InvalidParameter, () => models.LogLoggedModelParamsAsync(m.ModelId, [new Param("fast", "11")]));
        Assert.Contains("fast", e.Message, StringComparison.Ordinal);
        Assert.Equal("10", (await models.GetLoggedModelAsync(m.ModelId)).Params.Single(p => p.Key == "fast").Value);
    }

    [Fact]
    public async Task Metrics_logged_with_a_model_id_are_linked_to_the_model()
    {
        var (tracking, models, exp, runId) = await NewRun();
        var m = await models.CreateLoggedModelAsync(new NewLoggedModel(exp) { SourceRunId = runId });
        await tracking.LogBatchAsync(runId, [
            new Metric("sharpe", 1.5, 2000, 1) { ModelId = m.ModelId },
            new Metric("sharpe", 1.25, 1000, 0) { ModelId = m.ModelId },
            new Metric("loss", 0.5, 1000, 0),
        ], null, null);
        var linked = (await models.GetLoggedModelAsync(m.ModelId)).Metrics;
        Assert.Equal(2, linked.Count);
        Assert.All(linked, x => Assert.Equal(runId, x.RunId));
        Assert.Equal([(0L, 1.25), (1L, 1.5)], linked.Select(x => (x.Metric.Step, x.Metric.Value)));
        Assert.All(linked, x => Assert.Equal(m.ModelId, x.Metric.ModelId));
        Assert.Equal(2, (await tracking.GetRunAsync(runId)).Data.LatestMetrics.Count);
    }

    [Fact]
    public async Task A_metric_linked_to_an_unknown_model_writes_nothing()
    {
        var (tracking, _, _, runId) = await NewRun();
        await Throws(ErrorCode.NotFound, () => tracking.LogBatchAsync(runId,
            [new Metric("ok", 1, 1000), new Metric("bad", 2, 1000) { ModelId = "m-" + Guid.NewGuid().ToString("N") }], null, null));
        Assert.Empty((await tracking.GetRunAsync(runId)).Data.LatestMetrics);
    }

    [Fact]
    public async Task Run_model_inputs_and_outputs_show_on_get_run_and_repeats_change_nothing()
    {
        var (tracking, models, exp, runId) = await NewRun();
        var used = await models.CreateLoggedModelAsync(new NewLoggedModel(exp) { Name = "base" });
        var made = await models.CreateLoggedModelAsync(new NewLoggedModel(exp) { Name = "tuned", SourceRunId = runId });
        Assert.Empty((await tracking.GetRunAsync(runId)).ModelInputs);
        await models.LogModelInputsAsync(runId, [used.ModelId]);
        await models.LogModelInputsAsync(runId, [used.ModelId]);
        await models.LogOutputsAsync(runId, [new LoggedModelOutput(made.ModelId, 3), new LoggedModelOutput(made.ModelId, 1)]);
        await models.LogOutputsAsync(runId, [new LoggedModelOutput(made.ModelId, 3)]);
        var run = await tracking.GetRunAsync(runId);
        Assert.Equal([used.ModelId], run.ModelInputs);
        Assert.Equal([new LoggedModelOutput(made.ModelId, 1), new LoggedModelOutput(made.ModelId, 3)], run.ModelOutputs);
        var searched = (await tracking.SearchRunsAsync([exp], null, ViewType.ActiveOnly, 10, null, null)).Runs.Single();
        Assert.Equal(run.ModelOutputs, searched.ModelOutputs);
        Assert.Equal(run.ModelInputs, searched.ModelInputs);
    }

    [Fact]
    public async Task Run_links_to_unknown_models_or_from_deleted_runs_fail()
    {
        var (tracking, models, exp, runId) = await NewRun();
        var m = await models.CreateLoggedModelAsync(new NewLoggedModel(exp));
        string unknown = "m-" + Guid.NewGuid().ToString("N");
        await Throws(ErrorCode.NotFound, () => models.LogModelInputsAsync(runId, [unknown]));
        await Throws(ErrorCode.NotFound, () => models.LogOutputsAsync(runId, [new LoggedModelOutput(unknown, 0)]));
        await Throws(ErrorCode.NotFound, () => models.LogOutputsAsync(Guid.NewGuid().ToString("N"), [new LoggedModelOutput(m.ModelId, 0)]));
        await tracking.DeleteRunAsync(runId);
        await Throws(ErrorCode.InvalidState, () => models.LogOutputsAsync(runId, [new LoggedModelOutput(m.ModelId, 0)]));
        Assert.Empty((await tracking.GetRunAsync(runId)).ModelOutputs);
    }
}
