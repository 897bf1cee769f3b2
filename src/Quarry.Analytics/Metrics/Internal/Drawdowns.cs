namespace Quarry.Analytics.Metrics.Internal;

/// <summary>
/// Drawdown kernels on the equity curve W_0 = 1 (a phantom baseline before the first return), W_t = W_{t−1}(1 + r_t),
/// peak P_t = max(W_0 … W_t), dd_t = W_t / P_t − 1 for t = 1 … N.
/// </summary>
internal static class Drawdowns
{
    /// <summary>Writes dd_t to <paramref name="destination"/> (−0 written as 0). A NaN return makes the rest NaN.</summary>
    public static void Series(ReadOnlySpan<double> returns, Span<double> destination)
    {
        double equity = 1, peak = 1;
        for (int t = 0; t < returns.Length; t++)
        {
            equity *= 1 + returns[t];
            peak = Math.Max(peak, equity);
            double dd = equity / peak - 1;
            destination[t] = dd == 0 ? 0 : dd;
        }
    }

    /// <summary>
    /// One pass over the drawdown series: its minimum, Σdd², and the underwater episodes (maximal runs of rows with
    /// dd ≠ 0; an episode still open at the end ends on the last row). Episode lengths in calendar days,
    /// (end − start).Days + 1, are only computed when <paramref name="time"/> is not empty. The series itself is
    /// written to <paramref name="series"/> unless it is empty.
    /// </summary>
    public static DrawdownScan Scan(ReadOnlySpan<double> returns, ReadOnlySpan<DateTime> time, Span<double> series = default)
    {
        bool write = !series.IsEmpty;
        bool withDays = time.Length > 0;
        double equity = 1, peak = 1, min = 0, sumSquares = 0, episodeMin = 0, sumMinima = 0;
        int start = -1, episodes = 0, longestDays = 0;
        long sumDays = 0;
        for (int t = 0; t < returns.Length; t++)
        {
            equity *= 1 + returns[t];
            peak = Math.Max(peak, equity);
            double dd = equity / peak - 1;
            if (write) series[t] = dd == 0 ? 0 : dd;
            if (double.IsNaN(dd)) return DrawdownScan.Undefined(returns.Length);
            sumSquares += dd * dd;
            if (dd < min) min = dd;
            if (dd != 0)
            {
                if (start < 0)
                {
                    start = t;
                    episodeMin = dd;
                }
                else if (dd < episodeMin) episodeMin = dd;
            }
            else if (start >= 0)
            {
                Close(time, start, t - 1, episodeMin, ref episodes, ref sumMinima, ref sumDays, ref longestDays);
                start = -1;
            }
        }
        if (start >= 0) Close(time, start, returns.Length - 1, episodeMin, ref episodes, ref sumMinima, ref sumDays, ref longestDays);
        return new DrawdownScan
        {
            Count = returns.Length, MaxDrawdown = returns.Length == 0 ? double.NaN : min, SumSquares = sumSquares,
            Episodes = episodes, SumEpisodeMinima = sumMinima, LongestDays = withDays ? longestDays : -1,
            SumDays = withDays ? sumDays : -1,
        };
    }

    static void Close(ReadOnlySpan<DateTime> time, int start, int end, double episodeMin, ref int episodes,
        ref double sumMinima, ref long sumDays, ref int longestDays)
    {
        episodes++;
        sumMinima += episodeMin;
        if (time.Length == 0) return;
        int days = (time[end] - time[start]).Days + 1;
        sumDays += days;
        if (days > longestDays) longestDays = days;
    }
}

/// <summary>Summary of a drawdown series; see <see cref="Drawdowns.Scan"/>.</summary>
internal readonly struct DrawdownScan
{
    /// <summary>Number of returns.</summary>
    public int Count { get; init; }

    /// <summary>min dd_t (≤ 0); NaN when empty or undefined.</summary>
    public double MaxDrawdown { get; init; }

    /// <summary>Σ dd_t².</summary>
    public double SumSquares { get; init; }

    /// <summary>Number of underwater episodes.</summary>
    public int Episodes { get; init; }

    /// <summary>Σ over episodes of the episode's minimum dd.</summary>
    public double SumEpisodeMinima { get; init; }

    /// <summary>Longest episode in calendar days; −1 when no timestamps were given.</summary>
    public int LongestDays { get; init; }

    /// <summary>Σ of episode lengths in calendar days; −1 when no timestamps were given.</summary>
    public long SumDays { get; init; }

    /// <summary>QuantStats' ulcer index, sqrt(Σdd² / (N − 1)); NaN when N &lt; 2.</summary>
    public double UlcerIndex => Count < 2 ? double.NaN : Math.Sqrt(SumSquares / (Count - 1));

    /// <summary>The scan of a series whose drawdowns are undefined (a NaN return).</summary>
    public static DrawdownScan Undefined(int count) => new()
    {
        Count = count, MaxDrawdown = double.NaN, SumSquares = double.NaN, SumEpisodeMinima = double.NaN,
        Episodes = -1, LongestDays = -1, SumDays = -1,
    };
}
