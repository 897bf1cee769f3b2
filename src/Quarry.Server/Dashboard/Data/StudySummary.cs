using Quarry.Optimization;

namespace Quarry.Server.Dashboard.Data;

/// <summary>What the studies list shows of one study: trials by state, the best trial and when anything last happened.</summary>
/// <param name="Info">The study.</param>
/// <param name="Running">Running trials.</param>
/// <param name="Waiting">Enqueued trials not yet claimed.</param>
/// <param name="Complete">Complete trials.</param>
/// <param name="Pruned">Pruned trials.</param>
/// <param name="Failed">Failed trials.</param>
/// <param name="Best">The best feasible Complete trial (see <see cref="StudyTrials.Best"/>), or null.</param>
/// <param name="LastActivity">The latest start or completion time of any trial (UTC), or null when no trial started.</param>
internal sealed record StudySummary(StudyInfo Info, int Running, int Waiting, int Complete, int Pruned, int Failed, FrozenTrial? Best, DateTime? LastActivity)
{
    /// <summary>All trials.</summary>
    public int Total => Running + Waiting + Complete + Pruned + Failed;

    /// <summary>Whether a worker is evaluating a trial now.</summary>
    public bool IsRunning => Running > 0;
}
