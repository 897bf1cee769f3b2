using System.Diagnostics;
using Quarry.Optimization.Storage;
using Quarry.Tracking;
using Quarry.Tracking.Storage;
using static Quarry.Cli.Tests.QuarryProcess;

namespace Quarry.Cli.Tests;

public class TrackingLiveStudyTests
{
    [Fact]
    public async Task Optimize_track_writes_each_trials_child_run_while_the_study_is_still_running()
    {
        var dir = TempDir();
        var db = Path.Combine(dir, "live.db");
        var studies = Path.Combine(dir, "studies.db");
        const int trials = 300;
        using var process = StartQuarry("optimize", "-d", "samples/data/orcl-1995-2014.txt", "-s", "sma-cross", "--trials", $"{trials}",
            "--sampler", "random", "--seed", "3", "--study", "live", "--storage", "sqlite:" + studies,
            "--track", "--experiment", "Alpha.Equities.Trend.LiveStudy", "--tracking-uri", "sqlite:" + db);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        // Watch both stores from this process, as a dashboard would. Children seen first and an unfinished study seen
        // afterwards prove the children were written while trials were still running, not after the study.
        bool seenLive = false;
        var deadline = Stopwatch.StartNew();
        while (!process.HasExited && !seenLive && deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (File.Exists(db) && File.Exists(studies) && await ChildRunsAsync(db) > 0) seenLive = FinishedTrials(studies) < trials;
            await Task.Delay(10);
        }
        Assert.True(process.WaitForExit(120_000), "quarry optimize did not finish in 120 s");
        Assert.True(process.ExitCode == 0, await stderr);
        Assert.True(seenLive, "no child run was visible while the study still had trials to run");

        var parentId = (await stdout).Split('\n').Single(l => l.StartsWith("tracked study as run ", StringComparison.Ordinal)).Split(' ')[4];
        using var store = SqlTrackingStore.Open("sqlite:" + db);
        var experiment = (await store.GetExperimentByNameAsync("Alpha.Equities.Trend.LiveStudy"))!;
        var page = await store.SearchRunsAsync([experiment.ExperimentId], $"tags.`mlflow.parentRunId` = '{parentId}'", ViewType.ActiveOnly, 1000, null, null);
        Assert.Equal(trials, page.Runs.Count);
        Assert.All(page.Runs, r => Assert.Contains(r.Info.Status, new[] { RunStatus.Finished, RunStatus.Killed, RunStatus.Failed }));
        Assert.All(page.Runs, r => Assert.Contains(r.Data.Tags, t => t.Key == "quarry.trial_state"));
        var parent = await store.GetRunAsync(parentId);
        Assert.Equal(RunStatus.Finished, parent.Info.Status);
        Assert.Equal(trials, parent.Data.LatestMetrics.Where(m => m.Key.StartsWith("trials_", StringComparison.Ordinal)).Sum(m => m.Value));
        var bestHistory = await store.GetMetricHistoryAsync(parentId, "best_value");
        Assert.NotEmpty(bestHistory);
        Assert.Equal(bestHistory.Select(m => m.Value).Order(), bestHistory.Select(m => m.Value)); // maximizing: never decreases with the trial number
        Assert.Equal(parent.Data.LatestMetrics.Single(m => m.Key == "best_sharpe").Value, bestHistory[^1].Value);
    }

    static async Task<int> ChildRunsAsync(string db)
    {
        try
        {
            using var store = SqlTrackingStore.Open("sqlite:" + db);
            if (await store.GetExperimentByNameAsync("Alpha.Equities.Trend.LiveStudy") is not { } experiment) return 0;
            var children = await store.SearchRunsAsync([experiment.ExperimentId], "tags.`mlflow.parentRunId` LIKE '%'", ViewType.ActiveOnly, 1000, null, null);
            return children.Runs.Count;
        }
        catch (Quarry.Core.QuarryException)
        {
            return 0; // the schema is still being created by the other process
        }
    }

    static int FinishedTrials(string studies)
    {
        using var storage = SqlStudyStorage.Open("sqlite:" + studies);
        var study = storage.FindStudy("live") ?? throw new InvalidOperationException("study 'live' not found");
        return storage.GetTrials(study.Id).Count(t => t.IsFinished);
    }

    static Process StartQuarry(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment.Remove("QUARRY_TRACKING_URI");
        start.Environment.Remove("MLFLOW_TRACKING_URI");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "quarry.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }
}
