namespace Quarry.Analytics.Inputs;

/// <summary>How <see cref="Alignment.Align"/> puts a benchmark's returns on the strategy's dates.</summary>
public enum BenchmarkAlignment
{
    /// <summary>
    /// The default: <see cref="CompoundOverGaps"/> when the benchmark has dates inside the strategy's range that the
    /// strategy lacks (e.g. a weekly strategy against a daily benchmark, or a strategy that skipped days), because
    /// compounding keeps those benchmark returns instead of throwing them away; otherwise <see cref="CommonDates"/>.
    /// </summary>
    Auto,

    /// <summary>Inner join on the timestamp: only dates present in both series are kept; everything else is dropped and reported.</summary>
    CommonDates,

    /// <summary>
    /// QuantStats-style (spec §2.3) without its look-ahead: every strategy date inside the benchmark's date range is
    /// kept, and its benchmark return is the benchmark compounded over the benchmark dates in
    /// (previous strategy date, this date]. A strategy date with no benchmark date in that interval gets 0 (the
    /// benchmark's last known price is carried forward; its move lands on the next strategy date). The first strategy
    /// date takes only the benchmark return dated exactly on it (0 when there is none), since its period start is
    /// unknown. QuantStats back-fills instead, so a strategy date the benchmark lacks receives the benchmark's move up
    /// to the next benchmark date, which has not happened yet on that date.
    /// </summary>
    CompoundOverGaps,

    /// <summary>
    /// Exactly QuantStats' <c>_prepare_benchmark</c> (spec §2.3), for parity checks: when the date sets are equal the
    /// benchmark is used as is; otherwise its price curve is back-filled onto every strategy date (each date takes the
    /// benchmark price of the first benchmark date at or after it), converted back with <c>pct_change</c>, and the first
    /// strategy date gets 0; strategy dates after the benchmark ends get 0. No strategy date is dropped. This looks
    /// ahead: a strategy date the benchmark lacks receives the move up to the next benchmark date.
    /// </summary>
    QuantStats,
}
