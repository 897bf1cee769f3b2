using Quarry.Analytics.Metrics.Internal;
using Quarry.Core;

namespace Quarry.Analytics.Metrics;

/// <summary>
/// The full metrics table of a return series, in QuantStats' tearsheet order: every metric of <see cref="Stats"/>
/// (the spec's snake_case keys) with a label, the strategy's value, the same metric on the benchmark's returns, and a
/// display format. Benchmark-relative rows (beta, alpha, correlation, …) are present only with a benchmark and have
/// a NaN benchmark value.
/// </summary>
/// <remarks>
/// Inputs are copied and prepared as QuantStats does (NaN and ±∞ → 0), so NaN inside the series is allowed.
/// <c>time</c> must be ascending and aligned with <c>returns</c>; the benchmark, when given, is aligned with both.
/// Each series is scanned a few times and sorted once (buffers rented from the shared array pool); the result list is
/// the only lasting allocation. Thread-safe.
/// </remarks>
public static class MetricTable
{
    /// <summary>Computes the table.</summary>
    /// <param name="time">Timestamps of the return periods, ascending (calendar-based rows: drawdown days, monthly/quarterly/yearly aggregates).</param>
    /// <param name="returns">Strategy simple returns per period.</param>
    /// <param name="benchmark">Benchmark returns aligned with <paramref name="returns"/>, or empty for none.</param>
    /// <param name="options">Periods per year, risk-free rate, VaR confidence; validated.</param>
    /// <returns>One <see cref="MetricValue"/> per metric, in display order.</returns>
    /// <exception cref="ArgumentException">The series lengths differ.</exception>
    /// <exception cref="QuarryException">Invalid options, or timestamps out of order.</exception>
    public static IReadOnlyList<MetricValue> Compute(ReadOnlySpan<DateTime> time, ReadOnlySpan<double> returns,
        ReadOnlySpan<double> benchmark, MetricOptions options) => Compute(time, returns, benchmark, options, []);

    /// <summary>Computes the table, with each row's <see cref="MetricValue.Gross"/> computed from the returns before trading costs.</summary>
    /// <param name="time">Timestamps of the return periods, ascending.</param>
    /// <param name="returns">Strategy simple returns per period (net of costs).</param>
    /// <param name="benchmark">Benchmark returns aligned with <paramref name="returns"/>, or empty for none.</param>
    /// <param name="options">Periods per year, risk-free rate, VaR confidence; validated.</param>
    /// <param name="grossReturns">Strategy returns before costs aligned with <paramref name="returns"/>, or empty (Gross stays NaN).</param>
    /// <returns>One <see cref="MetricValue"/> per metric, in display order.</returns>
    /// <exception cref="ArgumentException">The series lengths differ.</exception>
    /// <exception cref="QuarryException">Invalid options, or timestamps out of order.</exception>
    public static IReadOnlyList<MetricValue> Compute(ReadOnlySpan<DateTime> time, ReadOnlySpan<double> returns,
        ReadOnlySpan<double> benchmark, MetricOptions options, ReadOnlySpan<double> grossReturns)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Guard.SameLength(time, returns, nameof(time), nameof(returns));
        if (!benchmark.IsEmpty) Guard.SameLength(returns, benchmark, nameof(returns), nameof(benchmark));
        if (!grossReturns.IsEmpty) Guard.SameLength(returns, grossReturns, nameof(returns), nameof(grossReturns));
        CheckAscending(time);

        using var strategy = new SeriesContext(time, returns, options);
        using var bench = benchmark.IsEmpty ? null : new SeriesContext(time, benchmark, options);
        using var gross = grossReturns.IsEmpty ? null : new SeriesContext(time, grossReturns, options);
        var pair = bench is null ? null : new PairContext(strategy, bench);
        var grossPair = bench is null || gross is null ? null : new PairContext(gross, bench);

        var rows = new List<MetricValue>(MetricCatalog.Rows.Length);
        foreach (var row in MetricCatalog.Rows)
        {
            string label = MetricCatalog.Label(row.Label, options.PeriodsPerYear);
            if (row.Series is { } series)
            {
                rows.Add(new MetricValue(row.Key, label, series(strategy), bench is null ? double.NaN : series(bench),
                    row.Format, gross is null ? double.NaN : series(gross)));
            }
            else if (pair is not null && row.Pair is { } relative)
            {
                rows.Add(new MetricValue(row.Key, label, relative(pair), double.NaN, row.Format,
                    grossPair is null ? double.NaN : relative(grossPair)));
            }
        }
        return rows;
    }

    /// <summary>Computes the table and returns key → strategy value in display order (for <c>quarry metrics --json</c>).</summary>
    /// <param name="time">Timestamps of the return periods, ascending.</param>
    /// <param name="returns">Strategy simple returns per period.</param>
    /// <param name="benchmark">Benchmark returns aligned with <paramref name="returns"/>, or empty for none.</param>
    /// <param name="options">Periods per year, risk-free rate, VaR confidence; validated.</param>
    /// <returns>The strategy column keyed by the spec's snake_case names.</returns>
    public static IReadOnlyDictionary<string, double> ToDictionary(ReadOnlySpan<DateTime> time, ReadOnlySpan<double> returns,
        ReadOnlySpan<double> benchmark, MetricOptions options) => ToDictionary(Compute(time, returns, benchmark, options));

    /// <summary>Key → strategy value of computed rows, in their order.</summary>
    /// <param name="rows">Rows from <see cref="Compute(ReadOnlySpan{DateTime}, ReadOnlySpan{double}, ReadOnlySpan{double}, MetricOptions)"/>.</param>
    /// <returns>The strategy column keyed by the rows' keys.</returns>
    public static IReadOnlyDictionary<string, double> ToDictionary(IReadOnlyList<MetricValue> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var dictionary = new Dictionary<string, double>(rows.Count, StringComparer.Ordinal);
        foreach (var row in rows) dictionary[row.Key] = row.Strategy;
        return dictionary;
    }

    /// <summary>Every key the table can hold, in display order; the benchmark-relative ones only appear with a benchmark.</summary>
    public static IReadOnlyList<string> Keys { get; } = Array.ConvertAll(MetricCatalog.Rows, row => row.Key);

    /// <summary>Whether <paramref name="key"/> names a benchmark-relative row (NaN benchmark column, absent without a benchmark).</summary>
    /// <param name="key">A key from <see cref="Keys"/>.</param>
    /// <returns>True for rows such as <c>beta</c>; false for per-series rows and unknown keys.</returns>
    public static bool IsBenchmarkRelative(string key) =>
        Array.Exists(MetricCatalog.Rows, row => row.Key == key && row.Series is null);

    static void CheckAscending(ReadOnlySpan<DateTime> time)
    {
        for (int t = 1; t < time.Length; t++)
        {
            if (time[t] < time[t - 1])
                throw new QuarryException(ErrorCode.InvalidData,
                    $"Timestamps must be ascending: time[{t}] = {time[t]:yyyy-MM-dd HH:mm:ss} comes before time[{t - 1}] = {time[t - 1]:yyyy-MM-dd HH:mm:ss} (fix: sort the series by time).");
        }
    }
}
