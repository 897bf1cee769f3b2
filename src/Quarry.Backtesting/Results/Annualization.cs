using System.Buffers;

namespace Quarry.Backtesting.Results;

/// <summary>Infers how many bars make a year from the spacing of timestamps.</summary>
public static class Annualization
{
    // The answer only depends on which bucket the median gap falls in, so counting gaps per bucket (O(n), no
    // sorting) finds it exactly; the returned value is the bucket's lower bound, which maps to the same answer.
    static readonly double[] BucketLowerBounds = [300, 80, 25, 5, 0.9];

    static double MedianBucketGap(ReadOnlySpan<DateTime> time)
    {
        Span<int> counts = stackalloc int[BucketLowerBounds.Length + 1];
        for (int i = 1; i < time.Length; i++)
        {
            double gap = (time[i] - time[i - 1]).TotalDays;
            int bucket = 0;
            while (bucket < BucketLowerBounds.Length && gap < BucketLowerBounds[bucket]) bucket++;
            counts[bucket]++;
        }
        // Gaps sorted ascending run from the last bucket (smallest) to the first; the median is element n/2.
        int target = (time.Length - 1) / 2, seen = 0;
        for (int bucket = BucketLowerBounds.Length; bucket >= 0; bucket--)
        {
            seen += counts[bucket];
            if (seen > target) return bucket == BucketLowerBounds.Length ? 0 : BucketLowerBounds[bucket];
        }
        return 0;
    }

    /// <summary>
    /// 252 for daily bars, 52 weekly, 12 monthly, 4 quarterly, 1 yearly; for intraday bars 252 × the median number
    /// of bars per day. Returns 252 when fewer than 2 timestamps are given. Scratch space comes from
    /// <see cref="ArrayPool{T}.Shared"/>, so repeated calls allocate nothing.
    /// </summary>
    public static double PeriodsPerYear(ReadOnlySpan<DateTime> time)
    {
        if (time.Length < 2) return 252;
        double median = MedianBucketGap(time);
        if (median >= 300) return 1;
        if (median >= 80) return 4;
        if (median >= 25) return 12;
        if (median >= 5) return 52;
        if (median >= 0.9) return 252;
        int[] counts = ArrayPool<int>.Shared.Rent(time.Length);
        try
        {
            int days = 0, bars = 1;
            for (int i = 1; i < time.Length; i++)
            {
                if (time[i].Date == time[i - 1].Date) { bars++; continue; }
                counts[days++] = bars;
                bars = 1;
            }
            counts[days++] = bars;
            var perDay = counts.AsSpan(0, days);
            perDay.Sort();
            return 252.0 * perDay[days / 2];
        }
        finally
        {
            ArrayPool<int>.Shared.Return(counts);
        }
    }
}
