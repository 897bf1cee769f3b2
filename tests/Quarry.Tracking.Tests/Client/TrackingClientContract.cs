using Quarry.Core;
using Quarry.Tracking.Artifacts;
using Quarry.Tracking.Client;

namespace Quarry.Tracking.Tests.Client;

/// <summary>The tracking client's behaviour over a real store; one subclass per backend.</summary>
public abstract class TrackingClientContract : IDisposable
{
    readonly string _scratch = Path.Combine(Path.GetTempPath(), "quarry-client-" + Guid.NewGuid().ToString("N")[..12]);

    protected abstract ITrackingStore CreateStore();

    /// <summary>The artifact store behind mlflow-artifacts:/ URIs (default: a local folder, as an embedded store has).</summary>
    protected virtual IArtifactStore CreateArtifacts() => new LocalArtifactStore(Path.Combine(_scratch, "artifacts"));

    /// <summary>A scratch folder for files to log, deleted with the test class.</summary>
    protected string Scratch(string name)
    {
        var path = Path.Combine(_scratch, "files", name);
        Directory.CreateDirectory(path);
        return path;
    }

    public virtual void Dispose()
    {
        try { Directory.Delete(_scratch, recursive: true); }
        catch (DirectoryNotFoundException) { }
        GC.SuppressFinalize(this);
    }

    /// <summary>A long interval, so only a full batch, a flush or the end writes anything.</summary>
    static readonly TrackingClientOptions Lazy = new() { FlushInterval = TimeSpan.FromMinutes(5) };

    static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    (TrackingClient Client, ITrackingStore Store) NewClient(TrackingClientOptions? options = null)
    {
        var store = CreateStore();
        return (new TrackingClient(store, options ?? Lazy, artifacts: CreateArtifacts()), store);
    }

    [Fact]
    public async Task Logged_values_over_the_batch_limits_all_reach_the_store_in_order()
    {
        var (client, store) = NewClient();
        await using var run = await client.StartRunAsync(Unique("exp"), "limits");
        for (int step = 0; step < 2500; step++) run.LogMetric("loss", 1.0 / (step + 1), step, timestamp: 1000 + step);
        for (int i = 0; i < 250; i++) run.LogParam($"p{i:000}", $"v{i}");
        for (int i = 0; i < 250; i++) run.SetTag($"t{i:000}", $"w{i}");
        // 3,000 metrics, 250 params and 250 tags: every MLflow limit is exceeded, so the store (which rejects an
        // over-limit batch) only accepts this if the client split it.
        await run.EndAsync();

        var history = await store.GetMetricHistoryAsync(run.RunId, "loss");
        Assert.Equal(2500, history.Count);
        Assert.Equal(Enumerable.Range(0, 2500).Select(s => (long)s), history.Select(m => m.Step));
        Assert.Equal(1.0 / 2500, history[^1].Value);
        var stored = await store.GetRunAsync(run.RunId);
        Assert.Equal(250, stored.Data.Params.Count);
        Assert.Equal("v249", stored.Data.Params.Single(p => p.Key == "p249").Value);
        Assert.Equal("w137", stored.Data.Tags.Single(t => t.Key == "t137").Value);
        Assert.Equal(RunStatus.Finished, stored.Info.Status);
        Assert.NotNull(stored.Info.EndTime);
    }

    [Fact]
    public async Task A_tag_set_many_times_across_batches_keeps_its_last_value()
    {
        var (client, store) = NewClient();
        await using var run = await client.StartRunAsync(Unique("exp"));
        // Interleaved with metrics so the values travel in many separate batches.
        for (int i = 1; i <= 3000; i++)
        {
            run.SetTag("phase", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            run.LogMetric("tick", i, step: i);
            if (i % 700 == 0) await run.FlushAsync();
        }
        await run.EndAsync();
        Assert.Equal("3000", (await store.GetRunAsync(run.RunId)).Data.Tags.Single(t => t.Key == "phase").Value);
        Assert.Equal(3000, (await store.GetMetricHistoryAsync(run.RunId, "tick")).Count);
    }

    [Fact]
    public async Task Several_threads_logging_to_one_run_lose_nothing_and_keep_each_keys_order()
    {
        var (client, store) = NewClient(new TrackingClientOptions { FlushInterval = TimeSpan.FromMilliseconds(20) });
        await using var run = await client.StartRunAsync(Unique("exp"), "threads");
        const int threads = 4, points = 5000;
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int s = 0; s < points; s++)
            {
                run.LogMetric($"thread{t}", s, step: s, timestamp: 5);
                run.LogMetric("shared", t, step: t * points + s, timestamp: 5);
                if (s % 1000 == 0) run.SetTag($"progress{t}", s.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            run.SetTag($"progress{t}", "done");
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        await run.EndAsync();

        for (int t = 0; t < threads; t++)
        {
            var history = await store.GetMetricHistoryAsync(run.RunId, $"thread{t}");
            Assert.Equal(Enumerable.Range(0, points).Select(s => (double)s), history.Select(m => m.Value));
        }
        Assert.Equal(threads * points, (await store.GetMetricHistoryAsync(run.RunId, "shared")).Count);
        var tags = (await store.GetRunAsync(run.RunId)).Data.Tags;
        for (int t = 0; t < threads; t++) Assert.Equal("done", tags.Single(x => x.Key == $"progress{t}").Value);
    }

    [Fact]
    public async Task Dispose_writes_what_is_queued_and_finishes_the_run()
    {
        var (client, store) = NewClient();
        string runId;
        using (var run = await client.StartRunAsync(Unique("exp"), "disposed"))
        {
            runId = run.RunId;
            run.LogParam("fast", "10");
            run.LogMetric("sharpe", 0.75);
            run.SetTag("symbol", "ORCL");
            // The interval is five minutes: nothing is written before the dispose.
            Assert.Empty((await store.GetRunAsync(runId)).Data.LatestMetrics);
        }
        var stored = await store.GetRunAsync(runId);
        Assert.Equal(RunStatus.Finished, stored.Info.Status);
        Assert.Equal("10", stored.Data.Params.Single().Value);
        Assert.Equal(0.75, stored.Data.LatestMetrics.Single().Value);
        Assert.Contains(stored.Data.Tags, t => t.Key == "symbol" && t.Value == "ORCL");
    }

    [Fact]
    public async Task Queued_values_are_written_within_the_flush_interval_without_a_flush()
    {
        var (client, store) = NewClient(new TrackingClientOptions { FlushInterval = TimeSpan.FromMilliseconds(50) });
        await using var run = await client.StartRunAsync(Unique("exp"));
        run.LogMetric("equity", 101.5);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((await store.GetRunAsync(run.RunId)).Data.LatestMetrics.Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the metric was not written within 10 s");
            await Task.Delay(20);
        }
        Assert.Equal(RunStatus.Running, (await store.GetRunAsync(run.RunId)).Info.Status);
    }

    [Fact]
    public async Task A_full_batch_is_written_without_waiting_for_the_interval()
    {
        var (client, store) = NewClient();
        await using var run = await client.StartRunAsync(Unique("exp"));
        for (int i = 0; i < 1000; i++) run.LogMetric("m", i, step: i);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((await store.GetMetricHistoryAsync(run.RunId, "m")).Count < 1000)
        {
            Assert.True(DateTime.UtcNow < deadline, "a full batch was not written within 20 s although the interval is 5 min");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task A_store_error_reaches_the_caller_on_the_next_call_and_the_run_is_not_silently_finished()
    {
        var (client, store) = NewClient();
        var run = await client.StartRunAsync(Unique("exp"));
        run.LogMetric("before", 1);
        await run.FlushAsync();
        await store.DeleteRunAsync(run.RunId); // writes to a deleted run are refused by the store
        run.LogMetric("after", 2);
        run.LogMetric("after", 3, step: 1);

        var flush = await Assert.ThrowsAsync<QuarryException>(() => run.FlushAsync());
        Assert.Equal(ErrorCode.InvalidState, flush.Code);
        Assert.Contains(run.RunId, flush.Message);
        Assert.Contains("2 logged value(s) were not written", flush.Message);
        var next = Assert.Throws<QuarryException>(() => run.LogMetric("later", 4));
        Assert.Same(flush, next);
        Assert.Same(flush, await Assert.ThrowsAsync<QuarryException>(() => run.EndAsync()));
        await run.DisposeAsync(); // already reported: disposing does not throw it again
        Assert.Equal("before", Assert.Single((await store.GetRunAsync(run.RunId)).Data.LatestMetrics).Key);
    }

    [Fact]
    public async Task An_unreported_store_error_is_thrown_by_dispose_and_the_run_is_marked_failed()
    {
        var (client, store) = NewClient();
        var run = await client.StartRunAsync(Unique("exp"));
        run.LogParam("fast", "10");
        await run.FlushAsync();
        // Another process logs a different value for the same param; the client cannot know until its batch fails.
        await store.LogParamAsync(run.RunId, "slow", "30");
        run.LogParam("slow", "50");
        var error = await Assert.ThrowsAsync<QuarryException>(() => run.DisposeAsync().AsTask());
        Assert.Equal(ErrorCode.InvalidParameter, error.Code);
        Assert.Contains("slow", error.Message);
        Assert.Equal(RunStatus.Failed, (await store.GetRunAsync(run.RunId)).Info.Status);
    }

    [Fact]
    public async Task Bad_input_throws_on_the_logging_call_and_queues_nothing()
    {
        var (client, store) = NewClient();
        await using var run = await client.StartRunAsync(Unique("exp"));
        Assert.Equal(ErrorCode.InvalidParameter, Assert.Throws<QuarryException>(() => run.LogMetric("bad//key", 1)).Code);
        Assert.Equal(ErrorCode.InvalidParameter, Assert.Throws<QuarryException>(() => run.LogMetric("../up", 1)).Code);
        Assert.Equal(ErrorCode.InvalidParameter, Assert.Throws<QuarryException>(() => run.LogMetric("m", 1, timestamp: -1)).Code);
        Assert.Equal(ErrorCode.InvalidParameter, Assert.Throws<QuarryException>(() => run.LogParam("p", new string('x', 6001))).Code);
        Assert.Equal(ErrorCode.InvalidParameter, Assert.Throws<QuarryException>(() => run.SetTag(new string('k', 251), "v")).Code);
        Assert.Throws<QuarryException>(() => run.LogMetrics(new Dictionary<string, double> { ["ok"] = 1, ["no!"] = 2 }));
        run.LogParam("fast", "10");
        run.LogParam("fast", "10"); // the same value again is fine
        var changed = Assert.Throws<QuarryException>(() => run.LogParam("fast", "20"));
        Assert.Contains("'fast'", changed.Message);
        run.LogMetric("ünïcode métric", 1); // \w accepts letters beyond ASCII, as MLflow does
        run.LogParam("rate", 0.25);
        await run.EndAsync();
        var stored = await store.GetRunAsync(run.RunId);
        Assert.Equal(["ünïcode métric"], stored.Data.LatestMetrics.Select(m => m.Key));
        Assert.Equal(["fast", "rate"], stored.Data.Params.Select(p => p.Key));
        Assert.Equal("0.25", stored.Data.Params.Single(p => p.Key == "rate").Value);
        Assert.Equal(ErrorCode.InvalidState, Assert.Throws<QuarryException>(() => run.LogMetric("late", 1)).Code);
    }

    [Fact]
    public async Task Nested_runs_carry_the_parent_run_id_and_are_found_by_it()
    {
        var (client, store) = NewClient();
        var experiment = await client.SetExperimentAsync(Unique("exp"), new Dictionary<string, string> { ["team"] = "quant" });
        await using var parent = await client.StartRunAsync(experiment.Name, "study");
        for (int i = 0; i < 3; i++)
        {
            await using var child = await parent.StartChildAsync($"trial-{i}");
            Assert.Equal(parent.RunId, child.ParentRunId);
            child.LogMetric("sharpe", i / 10.0);
        }
        await parent.EndAsync();
        var page = await store.SearchRunsAsync([experiment.ExperimentId], $"tags.`mlflow.parentRunId` = '{parent.RunId}'",
            ViewType.ActiveOnly, 100, ["metrics.sharpe DESC"], null);
        Assert.Equal(["trial-2", "trial-1", "trial-0"], page.Runs.Select(r => r.Info.RunName));
        Assert.All(page.Runs, r => Assert.Equal(RunStatus.Finished, r.Info.Status));
        Assert.Equal("quant", (await store.GetExperimentAsync(experiment.ExperimentId)).Tags["team"]);
    }

    [Fact]
    public async Task StartRun_takes_an_experiment_name_or_id_and_refuses_a_deleted_experiment()
    {
        var (client, store) = NewClient();
        string name = Unique("exp");
        await using var byName = await client.StartRunAsync(name); // created on first use
        await using var byId = await client.StartRunAsync(byName.ExperimentId);
        Assert.Equal(byName.ExperimentId, byId.ExperimentId);
        Assert.Equal(name, (await store.GetExperimentAsync(byId.ExperimentId)).Name);
        await Assert.ThrowsAsync<QuarryException>(() => client.StartRunAsync("987654321"));
        var gone = Unique("gone");
        var goneId = await store.CreateExperimentAsync(gone);
        await store.DeleteExperimentAsync(goneId);
        var e = await Assert.ThrowsAsync<QuarryException>(() => client.StartRunAsync(gone));
        Assert.Equal(ErrorCode.InvalidState, e.Code);
        Assert.Contains("restore", e.Message);
    }

    [Fact]
    public async Task Logging_faster_than_the_store_writes_waits_instead_of_growing_without_bound()
    {
        var (client, store) = NewClient(new TrackingClientOptions { MaxPendingEntities = 1000, FlushInterval = TimeSpan.FromMilliseconds(10) });
        await using var run = await client.StartRunAsync(Unique("exp"));
        for (int i = 0; i < 20_000; i++) run.LogMetric("fast", i, step: i);
        await run.EndAsync();
        Assert.Equal(20_000, (await store.GetMetricHistoryAsync(run.RunId, "fast")).Count);
    }

    [Fact]
    public async Task Disposing_the_client_ends_its_open_runs()
    {
        var store = CreateStore();
        string runId;
        await using (var client = new TrackingClient(store, Lazy))
        {
            var run = await client.StartRunAsync(Unique("exp"));
            runId = run.RunId;
            run.LogMetric("m", 1);
            Assert.Single(client.OpenRuns);
        }
        var stored = await store.GetRunAsync(runId);
        Assert.Equal(RunStatus.Finished, stored.Info.Status);
        Assert.Single(stored.Data.LatestMetrics);
    }

    [Fact]
    public async Task An_end_cancelled_before_the_status_is_written_leaves_the_run_open_for_the_next_end()
    {
        var (client, store) = NewClient();
        var run = await client.StartRunAsync(Unique("exp"));
        run.LogMetric("m", 1);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.EndAsync(RunStatus.Finished, cancelled.Token));
        Assert.Equal(RunStatus.Running, (await store.GetRunAsync(run.RunId)).Info.Status);
        Assert.Single(client.OpenRuns);

        await run.EndAsync(RunStatus.Failed);
        var stored = await store.GetRunAsync(run.RunId);
        Assert.Equal(RunStatus.Failed, stored.Info.Status);
        Assert.Single(stored.Data.LatestMetrics); // the queued point, written by the first end
        Assert.Empty(client.OpenRuns);
    }

    [Fact]
    public async Task Run_is_tagged_with_its_user_and_ends_with_the_status_given()
    {
        var (client, store) = NewClient(new TrackingClientOptions { UserId = "alice" });
        var run = await client.StartRunAsync(Unique("exp"), "x", new Dictionary<string, string> { ["symbol"] = "SPY" });
        await run.EndAsync(RunStatus.Killed);
        await run.EndAsync(RunStatus.Finished); // idempotent: the first end wins
        var stored = await store.GetRunAsync(run.RunId);
        Assert.Equal(RunStatus.Killed, stored.Info.Status);
        Assert.Equal("alice", stored.Info.UserId);
        Assert.Contains(stored.Data.Tags, t => t.Key == "mlflow.user" && t.Value == "alice");
        Assert.Contains(stored.Data.Tags, t => t.Key == "symbol" && t.Value == "SPY");
    }

    [Fact]
    public async Task Artifacts_are_uploaded_under_the_runs_artifact_uri_and_listed_back()
    {
        var (client, _) = NewClient();
        var folder = Scratch(Unique("report"));
        File.WriteAllText(Path.Combine(folder, "equity.csv"), "time,equity\n2020-01-02,100\n");
        Directory.CreateDirectory(Path.Combine(folder, "charts"));
        File.WriteAllBytes(Path.Combine(folder, "charts", "drawdown.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        var single = Path.Combine(Scratch(Unique("single")), "result.json");
        File.WriteAllText(single, "{\"sharpe\": 1.25}");

        await using var run = await client.StartRunAsync(Unique("exp"));
        Assert.Equal("result.json", await run.LogArtifactAsync(single));
        Assert.Equal("model/result.json", await run.LogArtifactAsync(single, "model"));
        Assert.Equal(2, await run.LogArtifactsAsync(folder, "report"));

        var files = await run.Artifacts.ListFilesAsync();
        Assert.Equal(["model/result.json", "report/charts/drawdown.png", "report/equity.csv", "result.json"], files.Select(f => f.Path));
        Assert.Equal(7, files.Single(f => f.Path.EndsWith(".png", StringComparison.Ordinal)).FileSize);
        Assert.True(ProxiedArtifactUri.TryGetPath(run.Info.ArtifactUri, out var basePath));
        await using (var content = await client.Artifacts!.OpenReadAsync(basePath + "/report/equity.csv"))
        using (var reader = new StreamReader(content.Content))
            Assert.Equal("time,equity\n2020-01-02,100\n", await reader.ReadToEndAsync());
        Assert.Equal(["report/equity.csv"], (await run.Artifacts.ListFilesAsync("report")).Where(f => !f.Path.Contains("charts", StringComparison.Ordinal)).Select(f => f.Path));

        var missing = await Assert.ThrowsAsync<QuarryException>(() => run.LogArtifactAsync(Path.Combine(folder, "nope.csv")));
        Assert.Equal(ErrorCode.NotFound, missing.Code);
        var traversal = await Assert.ThrowsAsync<QuarryException>(() => run.LogArtifactAsync(single, "../../escape"));
        Assert.Equal(ErrorCode.InvalidParameter, traversal.Code);

        Assert.True(await run.Artifacts.DeleteAllAsync());
        Assert.Empty(await run.Artifacts.ListFilesAsync());
    }
}
