using System.Globalization;
using System.Text.Json;
using Quarry.Cli.Research;
using Quarry.Optimization;
using Quarry.Tracking;
using Quarry.Tracking.Research;
using Quarry.Tracking.Storage;

namespace Quarry.Cli.Tracking;

/// <summary>
/// Records a finished optimization in the tracking store: the study as a parent run (settings, best value, counts) and
/// every trial as a child run (params, metrics, state) tagged with <c>mlflow.parentRunId</c>. Logged after the
/// optimization, one batch per run, so tracking never slows the trials down.
/// </summary>
internal static class StudyTracking
{
    public static string Log(SqlTrackingStore store, ExperimentName name, string? team, Study study, OptimizationSetup setup)
    {
        var experiment = Sync(store.GetExperimentByNameAsync(name.ToString()));
        string experimentId = experiment?.ExperimentId ?? Sync(store.CreateExperimentAsync(name.ToString(), tags: ResearchTags.For(name, team)));
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var trials = study.Trials;
        var parent = Sync(store.CreateRunAsync(experimentId, Environment.UserName, Start(trials, now), $"study:{study.Name}",
            [new RunTag("quarry.source", "cli"), new RunTag("quarry.study", study.Name)]));
        string parentId = parent.Info.RunId;
        var parentMetrics = new List<Metric>
        {
            new("trials_complete", trials.Count(t => t.State == TrialState.Complete), now),
            new("trials_pruned", trials.Count(t => t.State == TrialState.Pruned), now),
            new("trials_failed", trials.Count(t => t.State == TrialState.Fail), now),
        };
        if (trials.Any(t => t.State == TrialState.Complete))
        {
            parentMetrics.Add(new Metric("best_" + setup.Objective.Metric, study.BestValue, now));
            // The best value after each trial, as a metric history (step = trial number).
            double? best = null;
            foreach (var t in trials)
            {
                if (t.State != TrialState.Complete || t.Value is not { } v) continue;
                if (best is null || (study.Direction == StudyDirection.Maximize ? v > best : v < best)) best = v;
                parentMetrics.Add(new Metric("best_value", best.Value, now, t.Number));
            }
        }
        var parentParams = new List<Param>
        {
            new("metric", setup.Objective.Metric), new("direction", study.Direction.ToString().ToLowerInvariant()),
            new("sampler", setup.Sampler.GetType().Name), new("pruner", setup.Pruner.GetType().Name),
            new("trials", setup.Trials.ToString(CultureInfo.InvariantCulture)), new("strategy", setup.StrategyName),
        };
        Sync(store.LogBatchAsync(parentId, parentMetrics, parentParams, []));
        foreach (var trial in trials) LogTrial(store, experimentId, parentId, trial);
        Sync(store.UpdateRunAsync(parentId, RunStatus.Finished, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        return parentId;
    }

    static void LogTrial(SqlTrackingStore store, string experimentId, string parentId, FrozenTrial trial)
    {
        long start = Ms(trial.Start) ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var run = Sync(store.CreateRunAsync(experimentId, Environment.UserName, start, $"trial-{trial.Number}",
            [new RunTag("mlflow.parentRunId", parentId), new RunTag("quarry.trial_number", trial.Number.ToString(CultureInfo.InvariantCulture)),
             new RunTag("quarry.trial_state", trial.State.ToString().ToLowerInvariant())]));
        var metrics = new List<Metric>();
        if (trial.UserAttributes.TryGetValue("metrics", out var json))
            foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, double>>(json)!)
                if (double.IsFinite(value)) metrics.Add(new Metric(key, value, start));
        foreach (var (step, value) in trial.IntermediateValues)
            if (double.IsFinite(value)) metrics.Add(new Metric("intermediate_value", value, start, step));
        if (trial.Value is { } v && double.IsFinite(v)) metrics.Add(new Metric("objective", v, start));
        var @params = trial.Params.Keys.Select(k => new Param(k, SearchSpace.Text(trial.Param(k)))).ToList();
        Sync(store.LogBatchAsync(run.Info.RunId, metrics, @params, []));
        var status = trial.State switch
        {
            TrialState.Complete => RunStatus.Finished,
            TrialState.Pruned => RunStatus.Killed,
            TrialState.Fail => RunStatus.Failed,
            _ => RunStatus.Running,
        };
        Sync(store.UpdateRunAsync(run.Info.RunId, status, Ms(trial.Complete) ?? start));
    }

    static long Start(IReadOnlyList<FrozenTrial> trials, long fallback) =>
        trials.Select(t => Ms(t.Start)).Where(s => s is not null).Select(s => s!.Value).DefaultIfEmpty(fallback).Min();

    static long? Ms(DateTime? utc) => utc is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToUnixTimeMilliseconds() : null;

    static T Sync<T>(Task<T> task) => task.GetAwaiter().GetResult();

    static void Sync(Task task) => task.GetAwaiter().GetResult();
}
