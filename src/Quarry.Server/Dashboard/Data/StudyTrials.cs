using Quarry.Optimization;

namespace Quarry.Server.Dashboard.Data;

/// <summary>Pure helpers over a study's trial snapshots: counts, the best trial and the best-so-far curve. Stateless.</summary>
internal static class StudyTrials
{
    /// <summary>The summary of <paramref name="study"/> given its <paramref name="trials"/> (one pass).</summary>
    public static StudySummary Summarize(StudyInfo study, IReadOnlyList<FrozenTrial> trials)
    {
        int running = 0, waiting = 0, complete = 0, pruned = 0, failed = 0;
        DateTime? last = null;
        foreach (var t in trials)
        {
            switch (t.State)
            {
                case TrialState.Running: running++; break;
                case TrialState.Waiting: waiting++; break;
                case TrialState.Complete: complete++; break;
                case TrialState.Pruned: pruned++; break;
                default: failed++; break;
            }
            var moment = t.Complete ?? t.Start;
            if (moment is { } m && (last is null || m > last)) last = m;
        }
        return new StudySummary(study, running, waiting, complete, pruned, failed, Best(study.Direction, trials), last);
    }

    /// <summary>
    /// The best Complete trial with a finite value, as <see cref="Study.BestTrial"/> chooses it (lowest value when
    /// minimising, highest when maximising, the lowest number on a tie, infeasible trials skipped); null when none.
    /// </summary>
    public static FrozenTrial? Best(StudyDirection direction, IReadOnlyList<FrozenTrial> trials)
    {
        FrozenTrial? best = null;
        foreach (var t in trials)
        {
            if (t.State != TrialState.Complete || t.Value is not { } v || !double.IsFinite(v) || !t.IsFeasible) continue;
            if (best is null || (direction == StudyDirection.Minimize ? v < best.Value : v > best.Value)) best = t;
        }
        return best;
    }

    /// <summary>
    /// Per trial (in the given order, which is number order), the best feasible Complete value among it and the trials
    /// before it; NaN until the first such trial.
    /// </summary>
    public static double[] BestSoFar(StudyDirection direction, IReadOnlyList<FrozenTrial> trials)
    {
        var curve = new double[trials.Count];
        double best = double.NaN;
        for (int i = 0; i < trials.Count; i++)
        {
            var t = trials[i];
            if (t.State == TrialState.Complete && t.Value is { } v && double.IsFinite(v) && t.IsFeasible
                && (double.IsNaN(best) || (direction == StudyDirection.Minimize ? v < best : v > best)))
                best = v;
            curve[i] = best;
        }
        return curve;
    }
}
