using System.Data.Common;
using System.Globalization;
using System.Text;
using Quarry.Storage;

namespace Quarry.Optimization.Storage.Internal;

/// <summary>
/// One process's view of one study's trials, as Optuna's <c>_CachedStorage</c> keeps it: finished trials are frozen,
/// so once read they are never read again; each <see cref="Sync"/> re-reads only the trials that were unfinished
/// last time plus the ones created since (trial ids grow with numbers within a study, because numbers are assigned
/// under the study's row lock). A sync is therefore one statement that reads only those trials, whatever the study's size.
/// Thread-safe: syncs of one study are serialised.
/// </summary>
sealed class StudyTrialCache(long studyId)
{
    readonly Lock _gate = new();
    readonly List<FrozenTrial?> _byNumber = [];
    readonly HashSet<long> _unfinished = [];
    long _maxTrialId;

    /// <summary>Brings the cache up to date and returns the trials in number order (a new array), filtered by <paramref name="states"/>.</summary>
    /// <returns>Null when the study no longer exists.</returns>
    public FrozenTrial[]? Sync(SqlRunner runner, TrialLoader loader, IReadOnlyCollection<TrialState>? states, Action<long, FrozenTrial> onFinished)
    {
        lock (_gate)
        {
            var filter = new StringBuilder("t.study_id = @study AND (t.trial_id > @after");
            foreach (long id in _unfinished) filter.Append(" OR t.trial_id = ").Append(id.ToString(CultureInfo.InvariantCulture));
            filter.Append(')');
            var (exists, loaded) = runner.Run(connection => loader.Load(connection, filter.ToString(),
                cmd => cmd.With("study", studyId).With("after", _maxTrialId), studyCheck: true));
            if (!exists) return null;
            Merge(loaded, onFinished);
            if (_byNumber.Contains(null)) return Reload(runner, loader, states, onFinished);
            return Select(states);
        }
    }

    FrozenTrial[]? Reload(SqlRunner runner, TrialLoader loader, IReadOnlyCollection<TrialState>? states, Action<long, FrozenTrial> onFinished)
    {
        // A gap in the numbers means a trial committed out of id order (not expected): forget everything and read it all.
        _byNumber.Clear();
        _unfinished.Clear();
        _maxTrialId = 0;
        var (_, all) = runner.Run(connection => loader.Load(connection, "t.study_id = @study", cmd => cmd.With("study", studyId)));
        Merge(all, onFinished);
        return Select(states);
    }

    void Merge(List<(long StudyId, FrozenTrial Trial)> loaded, Action<long, FrozenTrial> onFinished)
    {
        foreach (var (_, trial) in loaded)
        {
            while (_byNumber.Count <= trial.Number) _byNumber.Add(null);
            if (_byNumber[trial.Number] is { IsFinished: true }) continue;
            _byNumber[trial.Number] = trial;
            if (trial.IsFinished)
            {
                _unfinished.Remove(trial.TrialId);
                onFinished(studyId, trial);
            }
            else _unfinished.Add(trial.TrialId);
            _maxTrialId = Math.Max(_maxTrialId, trial.TrialId);
        }
    }

    FrozenTrial[] Select(IReadOnlyCollection<TrialState>? states)
    {
        if (states is null) return [.. _byNumber!];
        var selected = new List<FrozenTrial>(_byNumber.Count);
        foreach (var trial in _byNumber)
            if (states.Contains(trial!.State)) selected.Add(trial);
        return [.. selected];
    }
}
