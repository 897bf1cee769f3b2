namespace Quarry.Core;

/// <summary>
/// Sum, and optionally the centred sum of squares (M2), of a sliding window of <c>period</c> values, advanced one
/// index at a time (0, 1, 2, ... with no gaps). Updates are incremental (a Neumaier-compensated sum, so large values
/// leaving the window leave no residue; a Welford-style update for M2) and the window is recomputed exactly every
/// <c>period</c> steps, so rounding error never accumulates beyond one window's worth. M2 is also recomputed when it
/// falls below <see cref="CancellationRatio"/> times its peak since the last recomputation (e.g. an outlier leaving
/// the window), where the incremental update would have cancelled most of its significant digits.
/// A window that contains a non-finite value (NaN, ±∞) has no value; the first clean window after it is recomputed.
/// A window whose values are all equal has M2 exactly 0.
/// </summary>
internal ref struct RollingWindow
{
    /// <summary>Relative drop of a running quantity below its recent peak that triggers an exact recomputation.</summary>
    public const double CancellationRatio = 1e-4;

    readonly ReadOnlySpan<double> source;
    readonly int period;
    readonly bool withM2;
    double sum, compensation, m2, peakM2;
    int lastBad, run, sinceExact;
    bool stale;

    /// <summary>Starts before index 0 of <paramref name="source"/>.</summary>
    public RollingWindow(ReadOnlySpan<double> source, int period, bool withM2)
    {
        this.source = source;
        this.period = period;
        this.withM2 = withM2;
        lastBad = -1;
        stale = true;
    }

    /// <summary>Mean of the current window (sum / period).</summary>
    public readonly double Mean => (sum + compensation) / period;

    /// <summary>Sum of squared deviations from the mean of the current window; never negative.</summary>
    public readonly double M2 => m2;

    /// <summary>True when every value of the current window equals the newest one.</summary>
    public readonly bool IsConstant => run >= period;

    /// <summary>Moves the window to end at <paramref name="i"/>; false during warm-up or when the window holds a non-finite value.</summary>
    public bool Advance(int i)
    {
        double x = source[i];
        if (!double.IsFinite(x)) lastBad = i;
        run = i > 0 && x == source[i - 1] ? run + 1 : 1;
        if (i < period - 1 || lastBad > i - period)
        {
            stale = true;
            return false;
        }
        if (stale || ++sinceExact >= period)
        {
            Recompute(i);
            return true;
        }
        double old = source[i - period], oldMean = Mean;
        Add(x);
        Add(-old);
        if (withM2)
        {
            m2 += (x - old) * (x - Mean + old - oldMean);
            if (m2 < 0 || run >= period) m2 = 0;
            if (m2 >= peakM2) peakM2 = m2;
            else if (m2 < peakM2 * CancellationRatio) RecomputeM2(i);   // the sum stays as it is
        }
        return true;
    }

    /// <summary>Neumaier's compensated addition: <c>compensation</c> collects the low-order bits <c>sum</c> loses.</summary>
    void Add(double x)
    {
        double t = sum + x;
        compensation += Math.Abs(sum) >= Math.Abs(x) ? (sum - t) + x : (x - t) + sum;
        sum = t;
    }

    void Recompute(int i)
    {
        sum = 0;
        compensation = 0;
        foreach (double v in source.Slice(i - period + 1, period)) Add(v);
        if (withM2) RecomputeM2(i);
        sinceExact = 0;
        stale = false;
    }

    /// <summary>Two-pass M2 of the window ending at <paramref name="i"/> around the current mean.</summary>
    void RecomputeM2(int i)
    {
        double mean = Mean, q = 0;
        foreach (double v in source.Slice(i - period + 1, period))
        {
            double d = v - mean;
            q += d * d;
        }
        m2 = run >= period ? 0 : q;
        peakM2 = m2;
    }
}
