using Quarry.Tracking;

namespace Quarry.Cli.Tracking;

/// <summary>What `quarry purge` deletes, gathered before anything is deleted so it can be shown and confirmed.</summary>
internal sealed record PurgePlan(IReadOnlyList<Experiment> Experiments, IReadOnlyList<Run> Runs,
    IReadOnlyList<Experiment> DeletedExperiments, IReadOnlyList<Run> RunsInDeletedExperiments)
{
    public bool IsEmpty => Runs.Count == 0 && DeletedExperiments.Count == 0;

    /// <summary>
    /// Deleted runs of the active <paramref name="experiments"/> (started before <paramref name="cutoff"/> when given)
    /// and the deleted experiments among them (deleted before the cutoff: their last update is the deletion).
    /// </summary>
    public static PurgePlan Build(ITrackingStore store, IReadOnlyList<Experiment> experiments, long? cutoff, CancellationToken ct)
    {
        var active = experiments.Where(e => e.LifecycleStage == LifecycleStage.Active).ToList();
        var deleted = experiments.Where(e => e.LifecycleStage != LifecycleStage.Active && e.ExperimentId != "0"
            && (cutoff is null || e.LastUpdateTime < cutoff)).ToList();
        string? filter = cutoff is { } c ? $"attributes.start_time < {c}" : null;
        var runs = RunQuery.All(store, [.. active.Select(e => e.ExperimentId)], filter, ViewType.DeletedOnly, null, ct);
        var inDeleted = RunQuery.All(store, [.. deleted.Select(e => e.ExperimentId)], null, ViewType.All, null, ct);
        return new PurgePlan(experiments, runs, deleted, inDeleted);
    }

    /// <summary>Purges every run and experiment of the plan, then removes their artifact folders under <paramref name="artifactRoot"/>.</summary>
    public (int FoldersRemoved, IReadOnlyList<string> FoldersLeft) Execute(ITrackingStore store, string artifactRoot, CancellationToken ct)
    {
        var folders = new ArtifactFolders(artifactRoot);
        foreach (var run in Runs)
        {
            store.PurgeRunAsync(run.Info.RunId, ct).GetAwaiter().GetResult();
            folders.RemoveRun(run.Info);
        }
        foreach (var experiment in DeletedExperiments)
        {
            store.PurgeExperimentAsync(experiment.ExperimentId, ct).GetAwaiter().GetResult();
            foreach (var run in RunsInDeletedExperiments.Where(r => r.Info.ExperimentId == experiment.ExperimentId)) folders.RemoveRun(run.Info);
            folders.Remove(TrackingInputs.LocalFolder(experiment.ArtifactLocation, artifactRoot));
        }
        return (folders.Removed, folders.Left);
    }
}
