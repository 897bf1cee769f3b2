namespace Quarry.Analytics.Tables;

/// <summary>
/// The drawdown series and its underwater episodes (QuantStats <c>to_drawdown_series</c> and <c>drawdown_details</c>,
/// spec §1 and §5.2). Equity starts from a phantom baseline <c>W_0 = 1</c> before the first return, so a loss on the
/// first period is a drawdown. NaN and ±∞ returns count as 0 (spec §2.1). Stateless and thread-safe.
/// </summary>
public static class Drawdowns
{
    /// <summary>
    /// <c>dd_t = W_t / P_t − 1</c> for <c>t = 1 … N</c>, with <c>W_t = W_{t−1}·(1 + r_t)</c>, <c>W_0 = 1</c> and the
    /// running peak <c>P_t = max(W_0 … W_t)</c>. Values are fractions ≤ 0 (0 at a peak, never −0). Allocates the result;
    /// empty input gives an empty array.
    /// </summary>
    /// <param name="returns">Simple returns per period.</param>
    public static double[] Series(ReadOnlySpan<double> returns)
    {
        var dd = new double[returns.Length];
        Series(returns, dd);
        return dd;
    }

    /// <summary>The drawdown series of <see cref="Series(ReadOnlySpan{double})"/> written into <paramref name="destination"/>; allocates nothing.</summary>
    /// <param name="returns">Simple returns per period.</param>
    /// <param name="destination">At least as long as <paramref name="returns"/>; may not overlap it.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public static void Series(ReadOnlySpan<double> returns, Span<double> destination)
    {
        if (destination.Length < returns.Length)
            throw new ArgumentException($"Destination holds {destination.Length} values but there are {returns.Length} returns.", nameof(destination));
        double wealth = 1, peak = 1;
        for (int t = 0; t < returns.Length; t++)
        {
            double r = returns[t];
            wealth *= 1 + (double.IsFinite(r) ? r : 0);
            if (wealth > peak) peak = wealth;
            double dd = wealth / peak - 1;
            destination[t] = dd == 0 ? 0 : dd;   // −0 → 0
        }
    }

    /// <summary>
    /// The underwater episodes, deepest first (ties: earlier start first). An episode is a maximal run of rows with
    /// <c>dd_t ≠ 0</c>. Per QuantStats <c>drawdown_details</c>: the valley is the first row of the episode's minimum;
    /// <see cref="DrawdownEpisode.Days"/> = calendar days from the start to the last underwater row + 1;
    /// <see cref="DrawdownEpisode.Depth99"/>: with <c>y = −dd</c> over the episode, keep <c>y &lt; q_0.99(y)</c>
    /// (linear quantile), the value is <c>−max(kept y)</c>, NaN when nothing is kept. Depths are fractions, not the
    /// percents QuantStats prints. <see cref="DrawdownEpisode.End"/> is the row where the peak is regained (null when
    /// the data ends underwater) and <see cref="DrawdownEpisode.LastUnderwater"/> QuantStats' <c>end</c>.
    /// <para>Deviation from QuantStats: an episode that starts on the first row is always reported. QuantStats drops
    /// it when it is the only episode (its start is recognised only after a later recovery).</para>
    /// Empty input or a curve that is never underwater gives an empty list. Allocates the list and a drawdown buffer.
    /// </summary>
    /// <param name="time">Timestamps of the returns, increasing.</param>
    /// <param name="returns">Simple returns per period.</param>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static IReadOnlyList<DrawdownEpisode> Episodes(ReadOnlySpan<DateTime> time, ReadOnlySpan<double> returns)
    {
        if (time.Length != returns.Length)
            throw new ArgumentException($"{time.Length} timestamps but {returns.Length} returns.", nameof(returns));
        var dd = Series(returns);
        var episodes = new List<DrawdownEpisode>();
        int t = 0;
        while (t < dd.Length)
        {
            if (dd[t] == 0) { t++; continue; }
            int start = t;
            while (t < dd.Length && dd[t] != 0) t++;
            episodes.Add(Episode(time, dd, start, t - 1));
        }
        episodes.Sort((a, b) => a.Depth != b.Depth ? a.Depth.CompareTo(b.Depth) : a.Start.CompareTo(b.Start));
        return episodes;
    }

    static DrawdownEpisode Episode(ReadOnlySpan<DateTime> time, double[] dd, int start, int last)
    {
        int valley = start;
        for (int t = start + 1; t <= last; t++) if (dd[t] < dd[valley]) valley = t;
        var y = new double[last - start + 1];
        for (int t = start; t <= last; t++) y[t - start] = -dd[t];
        double q = Metrics.Internal.Quantile.Of(y, 0.99), kept = double.NaN;
        foreach (double v in y) if (v < q && !(v <= kept)) kept = v;
        DateTime? end = last + 1 < dd.Length ? time[last + 1] : null;
        return new DrawdownEpisode(time[start], time[valley], end, (time[last] - time[start]).Days + 1, last - start + 1,
            dd[valley], double.IsNaN(kept) ? double.NaN : -kept, end is { } e ? (e - time[valley]).Days : null)
        {
            LastUnderwater = time[last],
        };
    }
}
