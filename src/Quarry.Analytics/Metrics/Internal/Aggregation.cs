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
        long end = long.MinValue;   // ticks where the current period ends; calendar arithmetic only at boundaries
        double value = 0;
        for (int t = 0; t < returns.Length; t++)
        {
            long ticks = time[t].Ticks;
            if (ticks >= end)
            {
                if (t > 0) destination[groups++] = compounded ? value - 1 : value;
                end = PeriodEnd(time[t], period);
                value = compounded ? 1 : 0;
            }
            if (compounded) value *= 1 + returns[t];
            else value += returns[t];
        }
        if (returns.Length > 0) destination[groups++] = compounded ? value - 1 : value;
        return groups;
    }

    /// <summary>Ticks of the first instant after the calendar period holding <paramref name="t"/>.</summary>
    static long PeriodEnd(DateTime t, AggregationPeriod period)
    {
        int months = period switch
        {
            AggregationPeriod.Day => 0,
            AggregationPeriod.Month => 1,
            AggregationPeriod.Quarter => 3,
            AggregationPeriod.Year => 12,
            _ => throw new ArgumentOutOfRangeException(nameof(period), period, "Unknown aggregation period (expected Day, Month, Quarter or Year)."),
        };
        if (months == 0) return (t.Ticks / TimeSpan.TicksPerDay + 1) * TimeSpan.TicksPerDay;
        int startMonth = (t.Month - 1) / months * months + 1;
        if (t.Year == DateTime.MaxValue.Year && startMonth + months > 12) return long.MaxValue;
        return new DateTime(t.Year, startMonth, 1, 0, 0, 0, t.Kind).AddMonths(months).Ticks;
    }
}
