using Quarry.Core;
using Quarry.Tracking;
using Quarry.Tracking.Artifacts;
using Quarry.Tracking.Client;

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

    /// <summary>
    /// Purges every run and experiment of the plan, then deletes their artifacts through the client's artifact store
    /// (a local folder or the server's proxy). Artifacts outside that store (a file: location, say) are left and listed.
    /// </summary>
    public (int Removed, IReadOnlyList<string> Left) Execute(TrackingClient client, CancellationToken ct)
    {
        int removed = 0;
        var left = new List<string>();
        void Delete(Func<Task<bool>> delete, string what)
        {
            try
            {
                if (delete().GetAwaiter().GetResult()) removed++;
            }
            catch (QuarryException e) when (e.Code is ErrorCode.InvalidState or ErrorCode.InvalidParameter)
            {
                left.Add($"{what}: {e.Message}");
            }
        }
        foreach (var run in Runs)
        {
            client.Store.PurgeRunAsync(run.Info.RunId, ct).GetAwaiter().GetResult();
            Delete(() => client.ArtifactsOf(run.Info).DeleteAllAsync(ct), run.Info.ArtifactUri);
        }
        foreach (var experiment in DeletedExperiments)
        {
            client.Store.PurgeExperimentAsync(experiment.ExperimentId, ct).GetAwaiter().GetResult();
            foreach (var run in RunsInDeletedExperiments.Where(r => r.Info.ExperimentId == experiment.ExperimentId))
                Delete(() => client.ArtifactsOf(run.Info).DeleteAllAsync(ct), run.Info.ArtifactUri);
            Delete(() => ProxiedArtifactUri.TryGetPath(experiment.ArtifactLocation, out var path) && path.Length > 0 && client.Artifacts is { } store
                ? store.DeleteAsync(path, ct)
                : throw new QuarryException(ErrorCode.InvalidState, "not in the artifact store"), experiment.ArtifactLocation);
        }
        return (removed, left);
    }
}
