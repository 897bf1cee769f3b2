namespace Quarry.Analytics.Tearsheets;

/// <summary>
/// The derived series the charts draw: growth of 1, underwater drawdown, a shared return histogram, and which rows to
/// keep when a series is too long to embed in full. Pure functions; each allocates its result.
/// </summary>
internal static class ChartSeries
{
    /// <summary>Series up to this length are embedded in full; longer ones are decimated to about this many points.</summary>
    public const int MaxPoints = 10_000;

    /// <summary>Growth of 1: W_t = Π_{s≤t}(1 + r_s). NaN returns count as 0 (flat).</summary>
    public static double[] Wealth(ReadOnlySpan<double> returns)
    {
        var wealth = new double[returns.Length];
        double w = 1;
        for (int i = 0; i < returns.Length; i++)
        {
            double r = returns[i];
            if (double.IsFinite(r)) w *= 1 + r;
            wealth[i] = w;
        }
        return wealth;
    }

    /// <summary>Drawdown W_t / max(1, max_{s≤t} W_s) − 1, a fraction ≤ 0 (the W_0 = 1 baseline of the metrics spec).</summary>
    public static double[] Drawdown(ReadOnlySpan<double> wealth)
    {
        var dd = new double[wealth.Length];
        double peak = 1;
        for (int i = 0; i < wealth.Length; i++)
        {
            if (wealth[i] > peak) peak = wealth[i];
            dd[i] = wealth[i] / peak - 1;
        }
        return dd;
    }

    /// <summary>
    /// Histogram of the strategy's (and benchmark's) returns on shared bins between the 0.5 % and 99.5 % quantiles of
    /// both (outliers fall in the end bins); counts are shares of each series' finite returns. Null without finite returns.
    /// </summary>
    public static (double[] Edges, double[] Strategy, double[]? Benchmark)? Histogram(double[] strategy, double[]? benchmark)
    {
        var pooled = new List<double>(strategy.Length * 2);
        foreach (double r in strategy) if (double.IsFinite(r)) pooled.Add(r);
        int strategyCount = pooled.Count;
        if (benchmark is not null) foreach (double r in benchmark) if (double.IsFinite(r)) pooled.Add(r);
        if (strategyCount == 0) return null;
        pooled.Sort();
        double lo = pooled[(int)Math.Floor(0.005 * (pooled.Count - 1))], hi = pooled[(int)Math.Ceiling(0.995 * (pooled.Count - 1))];
        if (hi <= lo) { lo -= 0.001; hi += 0.001; }
        int bins = Math.Clamp((int)Math.Round(Math.Sqrt(strategyCount)), 10, 50);
        var edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) edges[i] = lo + (hi - lo) * i / bins;
        return (edges, Shares(strategy, lo, hi, bins), benchmark is null ? null : Shares(benchmark, lo, hi, bins));
    }

    static double[] Shares(double[] values, double lo, double hi, int bins)
    {
        var counts = new double[bins];
        int n = 0;
        foreach (double r in values)
        {
            if (!double.IsFinite(r)) continue;
            int k = (int)Math.Floor((r - lo) / (hi - lo) * bins);
            counts[Math.Clamp(k, 0, bins - 1)]++;
            n++;
        }
        if (n > 0) for (int i = 0; i < bins; i++) counts[i] /= n;
        return counts;
    }

    /// <summary>
    /// Rows to embed: null (all) up to <see cref="MaxPoints"/>; beyond, per bucket the first row and the rows of the
    /// lowest and highest <paramref name="wealth"/>, so peaks and troughs survive; always the last row.
    /// </summary>
    public static int[]? Sample(ReadOnlySpan<double> wealth, int maxPoints = MaxPoints)
    {
        int n = wealth.Length;
        if (n <= maxPoints) return null;
        int bucket = (int)Math.Ceiling(n / (maxPoints / 3.0));
        var rows = new List<int>(maxPoints + 3);
        for (int start = 0; start < n; start += bucket)
        {
            int end = Math.Min(n, start + bucket), lo = start, hi = start;
            for (int i = start; i < end; i++)
            {
                if (wealth[i] < wealth[lo]) lo = i;
                if (wealth[i] > wealth[hi]) hi = i;
            }
            rows.Add(start);
            if (Math.Min(lo, hi) != start) rows.Add(Math.Min(lo, hi));
            if (Math.Max(lo, hi) != start && hi != lo) rows.Add(Math.Max(lo, hi));
        }
        if (rows[^1] != n - 1) rows.Add(n - 1);
        return [.. rows];
    }
}
