namespace Quarry.Analytics.Metrics.Internal;

/// <summary>Groups a return series into calendar periods (QuantStats <c>utils.aggregate_returns</c> with 'D', 'ME', 'QE', 'YE').</summary>
internal static class Aggregation
{
    /// <summary>
    /// Writes one value per calendar period to <paramref name="destination"/> (which must hold at least
    /// returns.Length values): Π(1 + r) − 1 over the period when <paramref name="compounded"/>, else Σr. Periods are
    /// runs of consecutive rows with the same calendar key, so <paramref name="time"/> must be ascending.
    /// Returns the number of periods written.
    /// </summary>
    public static int Aggregate(ReadOnlySpan<DateTime> time, ReadOnlySpan<double> returns, AggregationPeriod period,
        bool compounded, Span<double> destination)
    {
        int groups = 0;
        long key = long.MinValue;
        double value = 0;
        for (int t = 0; t < returns.Length; t++)
        {
            long k = Key(time[t], period);
            if (k != key)
            {
                if (t > 0) destination[groups++] = compounded ? value - 1 : value;
                key = k;
                value = compounded ? 1 : 0;
            }
            if (compounded) value *= 1 + returns[t];
            else value += returns[t];
        }
        if (returns.Length > 0) destination[groups++] = compounded ? value - 1 : value;
        return groups;
    }

    static long Key(DateTime t, AggregationPeriod period) => period switch
    {
        AggregationPeriod.Day => t.Ticks / TimeSpan.TicksPerDay,
        AggregationPeriod.Month => t.Year * 12L + t.Month - 1,
        AggregationPeriod.Quarter => t.Year * 4L + (t.Month - 1) / 3,
        AggregationPeriod.Year => t.Year,
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, "Unknown aggregation period (expected Day, Month, Quarter or Year)."),
    };
}
