namespace Quarry.Analytics.Inputs;

/// <summary>
/// Strategy and benchmark returns on the same timestamps, with an account of what the alignment dropped.
/// Values are simple returns, all finite (NaN and ±∞ were replaced by 0 and counted).
/// </summary>
/// <param name="Time">Common timestamps, strictly increasing.</param>
/// <param name="Strategy">Strategy returns on <paramref name="Time"/>.</param>
/// <param name="Benchmark">Benchmark returns on <paramref name="Time"/> (compounded over gaps under <see cref="BenchmarkAlignment.CompoundOverGaps"/>).</param>
/// <param name="DroppedStrategy">Strategy dates left out (no benchmark return for them).</param>
/// <param name="DroppedBenchmark">Benchmark dates whose returns are in no aligned row (outside the strategy's range, or not on a
/// strategy date under <see cref="BenchmarkAlignment.CommonDates"/>).</param>
/// <param name="Message">A human summary of what was dropped, compounded or replaced, for the report's notes.</param>
public sealed record AlignedReturns(DateTime[] Time, double[] Strategy, double[] Benchmark, DroppedDates DroppedStrategy,
    DroppedDates DroppedBenchmark, string Message)
{
    /// <summary>The method actually used (never <see cref="BenchmarkAlignment.Auto"/>).</summary>
    public BenchmarkAlignment Method { get; init; } = BenchmarkAlignment.CommonDates;

    /// <summary>Benchmark dates inside the strategy's range that fell between strategy dates and were compounded into the next one.</summary>
    public int BenchmarkDatesCompounded { get; init; }

    /// <summary>Kept strategy dates that got a benchmark return of 0 because no benchmark date fell in their period (compounding only).</summary>
    public int BenchmarkGapsFilledWithZero { get; init; }

    /// <summary>The part of <see cref="AlignedReturns.DroppedBenchmark"/> inside the strategy's first-to-last date range (the rest lies outside it).</summary>
    public DroppedDates BenchmarkDroppedInsideStrategyRange { get; init; } = DroppedDates.None;

    /// <summary>NaN or ±∞ strategy returns replaced by 0.</summary>
    public int StrategyNonFiniteReplaced { get; init; }

    /// <summary>NaN or ±∞ benchmark returns replaced by 0.</summary>
    public int BenchmarkNonFiniteReplaced { get; init; }
}
