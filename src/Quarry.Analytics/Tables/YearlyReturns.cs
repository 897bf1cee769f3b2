namespace Quarry.Analytics.Tables;

/// <summary>
/// Calendar-year returns of the strategy and the benchmark (QuantStats' EOY table: returns compounded per year,
/// <c>aggregate_returns(…, 'year')</c>). Stateless and thread-safe.
/// </summary>
public static class YearlyReturns
{
    /// <summary>
    /// One row per calendar year that has at least one return, oldest first: <c>Π(1 + r_t) − 1</c> over the returns
    /// dated in the year, for the strategy and, when <paramref name="benchmark"/> is not empty, for the benchmark on the
    /// same rows (otherwise <see cref="YearlyReturn.Benchmark"/> is NaN). NaN and ±∞ returns count as 0 (spec §2.1). Empty
    /// input gives an empty list. Allocates the rows.
    /// </summary>
    /// <param name="time">Timestamps of the returns, increasing.</param>
    /// <param name="returns">Strategy simple returns per period.</param>
    /// <param name="benchmark">Benchmark simple returns aligned on <paramref name="time"/> (see <c>Inputs.Alignment</c>),
    /// or empty (a null array converts to an empty span) for none.</param>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static IReadOnlyList<YearlyReturn> Compute(ReadOnlySpan<DateTime> time, ReadOnlySpan<double> returns,
        ReadOnlySpan<double> benchmark = default)
    {
        if (time.Length != returns.Length)
            throw new ArgumentException($"{time.Length} timestamps but {returns.Length} returns.", nameof(returns));
        bool hasBenchmark = !benchmark.IsEmpty;
        if (hasBenchmark && benchmark.Length != time.Length)
            throw new ArgumentException($"{time.Length} timestamps but {benchmark.Length} benchmark returns; align them first.", nameof(benchmark));
        var rows = new List<YearlyReturn>();
        int t = 0;
        while (t < time.Length)
        {
            int year = time[t].Year;
            double s = 1, b = 1;
            for (; t < time.Length && time[t].Year == year; t++)
            {
                s *= 1 + Zero(returns[t]);
                if (hasBenchmark) b *= 1 + Zero(benchmark[t]);
            }
            rows.Add(new YearlyReturn(year, s - 1, hasBenchmark ? b - 1 : double.NaN));
        }
        return rows;
    }

    static double Zero(double r) => double.IsFinite(r) ? r : 0;
}
