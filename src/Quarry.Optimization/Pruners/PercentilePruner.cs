using Quarry.Core;

namespace Quarry.Optimization.Pruners;

/// <summary>
/// Prunes a trial whose best intermediate value so far is worse than the given percentile of the Complete trials'
/// values at the same step (Optuna's PercentilePruner, exact semantics):
/// <list type="number">
/// <item>no pruning until <c>nStartupTrials</c> trials are Complete (Pruned trials are never references);</item>
/// <item>no pruning before step <c>nWarmupSteps</c>, and only on the first report in each window of
/// <c>intervalSteps</c> steps after the warm-up (the trial's second-largest step is below the window start);</item>
/// <item>the trial is judged by its best value so far (min when minimising, max when maximising, NaN ignored); when all
/// its values are NaN it is pruned;</item>
/// <item>the reference is the linear-interpolated percentile (numpy's nanpercentile) of the Complete trials' values at
/// exactly the trial's last step: <c>percentile</c> when minimising, 100 − <c>percentile</c> when maximising. Fewer
/// than <c>nMinTrials</c> values at that step (or all NaN) never prune;</item>
/// <item>prune when best &gt; reference (minimising) or best &lt; reference (maximising).</item>
/// </list>
/// Stateless and thread-safe.
/// </summary>
public sealed class PercentilePruner : IPruner
{
    static readonly TrialState[] Complete = [TrialState.Complete];
    readonly double _percentile;
    readonly int _startup, _warmup, _interval, _minTrials;

    /// <summary>Creates the pruner; throws InvalidParameter for a percentile outside [0, 100], negative counts or an interval below 1.</summary>
    public PercentilePruner(double percentile, int nStartupTrials = 5, int nWarmupSteps = 0, int intervalSteps = 1, int nMinTrials = 1)
    {
        if (!(percentile >= 0 && percentile <= 100)) throw Bad("percentile", percentile, "in [0, 100]");
        if (nStartupTrials < 0) throw Bad("nStartupTrials", nStartupTrials, "≥ 0");
        if (nWarmupSteps < 0) throw Bad("nWarmupSteps", nWarmupSteps, "≥ 0");
        if (intervalSteps < 1) throw Bad("intervalSteps", intervalSteps, "≥ 1");
        if (nMinTrials < 1) throw Bad("nMinTrials", nMinTrials, "≥ 1");
        (_percentile, _startup, _warmup, _interval, _minTrials) = (percentile, nStartupTrials, nWarmupSteps, intervalSteps, nMinTrials);
    }

    internal static QuarryException Bad(string name, object value, string expected) =>
        new(ErrorCode.InvalidParameter, $"Pruner argument {name} = {value} is invalid: expected {expected}.");

    /// <inheritdoc />
    public bool Prune(IStudyView study, FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        var completed = study.GetTrials(Complete);
        if (completed.Count == 0 || completed.Count < _startup) return false;
        if (trial.LastStep is not { } step || step < _warmup) return false;
        if (!IsFirstInInterval(step, trial.IntermediateValues.Keys, _warmup, _interval)) return false;

        bool maximize = study.Direction == StudyDirection.Maximize;
        double best = double.NaN;
        foreach (var v in trial.IntermediateValues.Values)
            if (!double.IsNaN(v) && (double.IsNaN(best) || (maximize ? v > best : v < best))) best = v;
        if (double.IsNaN(best)) return true;

        var atStep = new List<double>();
        foreach (var t in completed)
            if (t.IntermediateValues.TryGetValue(step, out var v)) atStep.Add(v);
        if (atStep.Count < _minTrials) return false;
        double reference = NanPercentile(atStep, maximize ? 100 - _percentile : _percentile);
        if (double.IsNaN(reference)) return false;
        return maximize ? best < reference : best > reference;
    }

    /// <summary>Whether <paramref name="step"/> is the first report at or after the start of its interval window.</summary>
    internal static bool IsFirstInInterval(int step, IEnumerable<int> steps, int warmup, int interval)
    {
        int nearestLower = (step - warmup) / interval * interval + warmup;
        int secondLast = -1;
        foreach (var s in steps)
            if (s > secondLast && s != step) secondLast = s;
        return secondLast < nearestLower;
    }

    /// <summary>numpy.nanpercentile with linear interpolation; NaN when every value is NaN. Sorts a copy.</summary>
    internal static double NanPercentile(IReadOnlyList<double> values, double q)
    {
        var a = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (a.Length == 0) return double.NaN;
        double pos = (a.Length - 1) * q / 100.0;
        int lo = (int)Math.Floor(pos), hi = (int)Math.Ceiling(pos);
        if (lo == hi || a[lo] == a[hi]) return a[lo];
        return a[lo] + (a[hi] - a[lo]) * (pos - lo);
    }
}
