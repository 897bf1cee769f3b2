using System.Globalization;

namespace Quarry.Analytics.Inputs;

/// <summary>Writes the one-line account of an alignment shown in the report's notes.</summary>
internal static class AlignmentMessage
{
    public static string Describe(AlignedReturns a, DateTime[] strategyTime, DateTime[] benchmarkTime)
    {
        if (a.Time.Length == 0)
            return $"no common dates: strategy {Span(strategyTime)}, benchmark {Span(benchmarkTime)}";
        var parts = new List<string>();
        bool compound = a.Method == BenchmarkAlignment.CompoundOverGaps;
        if (a.BenchmarkDatesCompounded > 0 && a.Method == BenchmarkAlignment.QuantStats)
            parts.Add($"benchmark prices back-filled onto the strategy's dates as QuantStats does ({Count(a.BenchmarkDatesCompounded, "benchmark date")} the strategy lacks)");
        else if (a.BenchmarkDatesCompounded > 0)
            parts.Add($"benchmark compounded over the gaps between strategy dates ({Count(a.BenchmarkDatesCompounded, "benchmark date")} the strategy lacks)");
        if (a.DroppedStrategy.Count > 0)
            parts.Add($"dropped {Count(a.DroppedStrategy.Count, "strategy date")} "
                + (compound ? "outside the benchmark's range " : "with no benchmark return ") + Range(a.DroppedStrategy));
        var inside = a.BenchmarkDroppedInsideStrategyRange;
        if (inside.Count > 0)
            parts.Add($"dropped {Count(inside.Count, "benchmark date")} inside the strategy's range with no strategy return {Range(inside)}");
        int outside = a.DroppedBenchmark.Count - inside.Count;
        if (outside > 0)
            parts.Add($"{Count(outside, "benchmark date")} outside the strategy's range");
        if (a.BenchmarkGapsFilledWithZero > 0)
            parts.Add($"{Count(a.BenchmarkGapsFilledWithZero, "strategy date")} with no benchmark date since the previous strategy date got a benchmark return of 0");
        if (a.StrategyNonFiniteReplaced > 0)
            parts.Add($"replaced {Count(a.StrategyNonFiniteReplaced, "non-finite strategy return")} with 0");
        if (a.BenchmarkNonFiniteReplaced > 0)
            parts.Add($"replaced {Count(a.BenchmarkNonFiniteReplaced, "non-finite benchmark return")} with 0");
        string n = a.Time.Length.ToString("N0", CultureInfo.InvariantCulture);
        return parts.Count == 0
            ? $"strategy and benchmark share all {n} dates"
            : $"aligned {n} dates: {string.Join("; ", parts)}";
    }

    /// <summary>"1 strategy date", "1,200 strategy dates".</summary>
    internal static string Count(int n, string noun) =>
        n.ToString("N0", CultureInfo.InvariantCulture) + " " + (n == 1 ? noun : noun + "s");

    /// <summary>"(2001-09-11..2001-09-14)", or "(2001-09-11)" for a single date.</summary>
    internal static string Range(DroppedDates dropped) =>
        dropped.First is not { } first || dropped.Last is not { } last ? ""
        : first == last ? $"({Date(first)})" : $"({Date(first)}..{Date(last)})";

    internal static string Date(DateTime t) =>
        t.ToString(t.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    static string Span(DateTime[] time) => time.Length == 0 ? "empty" : $"{Date(time[0])}..{Date(time[^1])}";
}
