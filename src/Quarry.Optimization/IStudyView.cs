namespace Quarry.Optimization;

/// <summary>What samplers and pruners see of a study: its direction and its trials (a snapshot, possibly slightly stale).</summary>
public interface IStudyView
{
    /// <summary>Study name.</summary>
    string Name { get; }

    /// <summary>Optimisation direction.</summary>
    StudyDirection Direction { get; }

    /// <summary>The study's trials in number order, optionally only those in <paramref name="states"/>.</summary>
    IReadOnlyList<FrozenTrial> GetTrials(IReadOnlyCollection<TrialState>? states = null);

    /// <summary>
    /// Sets a system attribute (JSON value) of one of the study's unfinished trials, for samplers and pruners that keep
    /// per-trial state in the storage (SuccessiveHalving rung values, GridSampler grid ids, a published relative sample).
    /// Throws a QuarryException with ErrorCode.InvalidState when the trial is finished. The default implementation (a
    /// read-only view) throws <see cref="NotSupportedException"/>; <see cref="Study"/> writes through to its storage.
    /// </summary>
    void SetTrialSystemAttribute(long trialId, string key, string json) =>
        throw new NotSupportedException($"This study view ({GetType().Name}) is read-only: it cannot set system attribute '{key}'.");
}
