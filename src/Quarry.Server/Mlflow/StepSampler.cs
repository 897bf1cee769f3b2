using Quarry.Tracking;

namespace Quarry.Server.Mlflow;

/// <summary>Chooses the steps a sampled metric chart shows (the UI's bulk-interval history).</summary>
internal static class StepSampler
{
    /// <summary>
    /// At most <paramref name="max"/> distinct steps of the histories within [<paramref name="start"/>, <paramref name="end"/>],
    /// evenly spaced by rank over their sorted union; the first and last are always kept (when <paramref name="max"/> ≥ 2).
    /// </summary>
    public static HashSet<long> Sample(IReadOnlyList<IReadOnlyList<Metric>> histories, long start, long end, int max)
    {
        var all = new SortedSet<long>();
        foreach (var history in histories)
            foreach (var m in history)
                if (m.Step >= start && m.Step <= end) all.Add(m.Step);
        if (all.Count <= max) return [.. all];
        var sorted = all.ToArray();
        var chosen = new HashSet<long>();
        if (max == 1) { chosen.Add(sorted[^1]); return chosen; }
        // Ranks 0 and n-1 are both hit: rank(i) = round(i · (n-1) / (max-1)) for i = 0..max-1.
        double stride = (sorted.Length - 1) / (double)(max - 1);
        for (int i = 0; i < max; i++) chosen.Add(sorted[(int)Math.Round(i * stride)]);
        return chosen;
    }

    /// <summary>For each sampled step, the last point logged at it (histories are ordered by step, timestamp, value).</summary>
    public static IEnumerable<Metric> LastPerStep(IReadOnlyList<Metric> history, HashSet<long> steps)
    {
        for (int i = 0; i < history.Count; i++)
        {
            var m = history[i];
            bool lastOfStep = i == history.Count - 1 || history[i + 1].Step != m.Step;
            if (lastOfStep && steps.Contains(m.Step)) yield return m;
        }
    }
}
