using System.Collections.Concurrent;

namespace Quarry.Optimization.Storage.Internal;

/// <summary>
/// The trial snapshots one storage instance can answer <c>GetTrial</c> with, without a round trip:
/// <list type="bullet">
/// <item>finished trials, frozen forever (as Optuna's <c>_CachedStorage</c>);</item>
/// <item>Running trials this instance started ("owned"), kept up to date write-through: every successful write by this
/// instance is applied to the snapshot. Another process can only finish such a trial (fail it as stale); the next
/// write then fails its compare-and-set, the snapshot is dropped and the database answers again.</item>
/// </list>
/// Thread-safe.
/// </summary>
sealed class TrialSnapshots
{
    readonly ConcurrentDictionary<long, (long StudyId, FrozenTrial Trial)> _trials = new();

    public bool TryGet(long trialId, out FrozenTrial trial)
    {
        bool found = _trials.TryGetValue(trialId, out var entry);
        trial = entry.Trial;
        return found;
    }

    /// <summary>When this instance started the trial (an owned, unfinished snapshot): its start time; else null.</summary>
    public DateTime? OwnedStart(long trialId) =>
        _trials.TryGetValue(trialId, out var entry) && !entry.Trial.IsFinished ? entry.Trial.Start : null;

    /// <summary>Remembers a trial if it is finished (frozen) or a Running trial this instance started.</summary>
    public void Keep(long studyId, FrozenTrial trial, bool owned = false)
    {
        if (trial.IsFinished) _trials[trial.TrialId] = (studyId, trial);
        else if (owned && trial.State == TrialState.Running) _trials.TryAdd(trial.TrialId, (studyId, trial));
    }

    /// <summary>Applies this instance's successful write to an owned snapshot (no-op for others).</summary>
    public void Update(long trialId, Func<FrozenTrial, FrozenTrial> change)
    {
        while (_trials.TryGetValue(trialId, out var entry) && !entry.Trial.IsFinished)
            if (_trials.TryUpdate(trialId, (entry.StudyId, change(entry.Trial)), entry)) return;
    }

    /// <summary>Drops an owned snapshot (the database is the truth again); finished ones stay.</summary>
    public void Forget(long trialId)
    {
        if (_trials.TryGetValue(trialId, out var entry) && !entry.Trial.IsFinished) _trials.TryRemove(KeyValuePair.Create(trialId, entry));
    }

    /// <summary>Drops everything of a deleted study.</summary>
    public void ForgetStudy(long studyId)
    {
        foreach (var (id, entry) in _trials)
            if (entry.StudyId == studyId) _trials.TryRemove(id, out _);
    }
}
