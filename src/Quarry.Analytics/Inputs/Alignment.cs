using System.Globalization;
using Quarry.Core;

namespace Quarry.Analytics.Inputs;

/// <summary>
/// Puts a benchmark's returns on the strategy's dates (spec §2.3) and says, in one human sentence, what it dropped.
/// Timestamps are matched exactly (daily data carries midnight timestamps, so this is a match on the date); resample an
/// intraday strategy to daily first (e.g. <c>BacktestResult.DailyEquity()</c>). NaN and ±∞ returns become 0 and are
/// counted (spec §2.1). Stateless and thread-safe; allocates the aligned arrays; never modifies its inputs.
/// </summary>
public static class Alignment
{
    /// <summary>
    /// Aligns <paramref name="benchmarkReturns"/> on <paramref name="strategyReturns"/>. The default,
    /// <see cref="BenchmarkAlignment.Auto"/>, compounds the benchmark over the gaps between strategy dates when the
    /// benchmark has dates inside the strategy's range that the strategy lacks (nothing is thrown away, and a weekly or
    /// monthly strategy gets the benchmark's weekly or monthly return), and otherwise takes the common dates; when the
    /// benchmark has no such extra dates the two methods agree on every common date, and only the treatment of strategy
    /// dates the benchmark lacks differs (dropped by <see cref="BenchmarkAlignment.CommonDates"/>). Auto never picks
    /// <see cref="BenchmarkAlignment.QuantStats"/>, which looks ahead and is meant for parity checks. Empty inputs or no
    /// overlap give empty arrays and a message that says so, not an exception.
    /// </summary>
    /// <param name="strategyReturns">Strategy simple returns on strictly increasing timestamps.</param>
    /// <param name="benchmarkReturns">Benchmark simple returns on strictly increasing timestamps.</param>
    /// <param name="method">How to align; see <see cref="BenchmarkAlignment"/>.</param>
    /// <exception cref="QuarryException">A series' timestamps are not strictly increasing (<see cref="ErrorCode.InvalidData"/>).</exception>
    public static AlignedReturns Align(TimeSeries strategyReturns, TimeSeries benchmarkReturns,
        BenchmarkAlignment method = BenchmarkAlignment.Auto)
    {
        ArgumentNullException.ThrowIfNull(strategyReturns);
        ArgumentNullException.ThrowIfNull(benchmarkReturns);
        RequireIncreasing(strategyReturns, "strategy");
        RequireIncreasing(benchmarkReturns, "benchmark");
        var s = (double[])strategyReturns.Values.Clone();
        var b = (double[])benchmarkReturns.Values.Clone();
        int sBad = ReturnSeries.ReplaceNonFinite(s, out _), bBad = ReturnSeries.ReplaceNonFinite(b, out _);
        var st = strategyReturns.Time;
        var bt = benchmarkReturns.Time;
        int extra = BenchmarkDatesInsideMissingFromStrategy(st, bt);
        if (method == BenchmarkAlignment.Auto)
            method = extra > 0 ? BenchmarkAlignment.CompoundOverGaps : BenchmarkAlignment.CommonDates;
        var result = method switch
        {
            BenchmarkAlignment.CompoundOverGaps => Compound(st, s, bt, b),
            BenchmarkAlignment.QuantStats => st.AsSpan().SequenceEqual(bt) ? Common(st, s, bt, b) : BackFill(st, s, bt, b),
            _ => Common(st, s, bt, b),
        };
        var aligned = result with
        {
            Method = method,
            StrategyNonFiniteReplaced = sBad,
            BenchmarkNonFiniteReplaced = bBad,
        };
        return aligned with { Message = AlignmentMessage.Describe(aligned, st, bt) };
    }

    static AlignedReturns Common(DateTime[] st, double[] s, DateTime[] bt, double[] b)
    {
        var time = new List<DateTime>();
        var sv = new List<double>();
        var bv = new List<double>();
        var droppedS = new DateTracker();
        var droppedB = new BenchmarkTracker(st);
        int i = 0, j = 0;
        while (i < st.Length || j < bt.Length)
        {
            if (j == bt.Length || (i < st.Length && st[i] < bt[j])) droppedS.Add(st[i++]);
            else if (i == st.Length || bt[j] < st[i]) droppedB.Add(bt[j++]);
            else
            {
                time.Add(st[i]);
                sv.Add(s[i++]);
                bv.Add(b[j++]);
            }
        }
        return Result(time, sv, bv, droppedS, droppedB);
    }

    static AlignedReturns Compound(DateTime[] st, double[] s, DateTime[] bt, double[] b)
    {
        var time = new List<DateTime>();
        var sv = new List<double>();
        var bv = new List<double>();
        var droppedS = new DateTracker();
        var droppedB = new BenchmarkTracker(st);
        int j = 0, compounded = 0, zeroGaps = 0;
        // Benchmark dates before the first strategy date belong to no row; after that, row i takes the benchmark
        // dates in (st[i-1], st[i]] (row 0: only st[0] itself).
        while (j < bt.Length && st.Length > 0 && bt[j] < st[0]) droppedB.Add(bt[j++]);
        for (int i = 0; i < st.Length; i++)
        {
            bool covered = bt.Length > 0 && st[i] >= bt[0] && st[i] <= bt[^1];
            double growth = 1;
            int used = 0;
            bool onDate = false;
            for (; j < bt.Length && bt[j] <= st[i]; j++)
            {
                if (!covered)
                {
                    droppedB.Add(bt[j]);
                    continue;
                }
                growth *= 1 + b[j];
                used++;
                onDate = bt[j] == st[i];
            }
            if (!covered)
            {
                droppedS.Add(st[i]);
                continue;
            }
            compounded += onDate ? used - 1 : used;
            if (used == 0) zeroGaps++;
            time.Add(st[i]);
            sv.Add(s[i]);
            bv.Add(growth - 1);
        }
        while (j < bt.Length) droppedB.Add(bt[j++]);
        return Result(time, sv, bv, droppedS, droppedB) with
        {
            BenchmarkDatesCompounded = compounded,
            BenchmarkGapsFilledWithZero = zeroGaps,
        };
    }

    /// <summary>QuantStats' <c>_prepare_benchmark</c>: benchmark prices back-filled onto the strategy's dates, then pct_change.</summary>
    static AlignedReturns BackFill(DateTime[] st, double[] s, DateTime[] bt, double[] b)
    {
        var bench = new double[st.Length];
        var droppedB = new BenchmarkTracker(st);
        int j = 0, compounded = 0;
        double before = 1, previous = double.NaN;   // before = Π(1 + b_k) for k < j
        for (int i = 0; i < st.Length; i++)
        {
            for (; j < bt.Length && bt[j] < st[i]; j++)
            {
                before *= 1 + b[j];
                if (i == 0) droppedB.Add(bt[j]);
                else if (bt[j] != st[i - 1]) compounded++;
            }
            double price = j < bt.Length ? before * (1 + b[j]) : double.NaN;   // NaN after the benchmark ends: padded
            bench[i] = i == 0 || double.IsNaN(price) || double.IsNaN(previous) ? 0 : price / previous - 1;
            if (!double.IsNaN(price)) previous = price;
        }
        for (; j < bt.Length; j++)
        {
            if (st.Length > 0 && bt[j] == st[^1]) continue;
            droppedB.Add(bt[j]);
        }
        return Result([.. st], [.. s], [.. bench], new DateTracker(), droppedB) with { BenchmarkDatesCompounded = compounded };
    }

    static AlignedReturns Result(List<DateTime> time, List<double> sv, List<double> bv, DateTracker droppedS,
        BenchmarkTracker droppedB) =>
        new([.. time], [.. sv], [.. bv], droppedS.Result, droppedB.All.Result, "")
        {
            BenchmarkDroppedInsideStrategyRange = droppedB.Inside.Result,
        };

    /// <summary>Benchmark dates within [first, last] strategy date that are not strategy dates.</summary>
    internal static int BenchmarkDatesInsideMissingFromStrategy(DateTime[] st, DateTime[] bt)
    {
        if (st.Length == 0) return 0;
        int count = 0, i = 0;
        foreach (var date in bt)
        {
            if (date < st[0] || date > st[^1]) continue;
            while (st[i] < date) i++;
            if (st[i] != date) count++;
        }
        return count;
    }

    static void RequireIncreasing(TimeSeries series, string role)
    {
        var time = series.Time;
        for (int i = 1; i < time.Length; i++)
        {
            if (time[i] > time[i - 1]) continue;
            throw new QuarryException(ErrorCode.InvalidData, string.Create(CultureInfo.InvariantCulture,
                $"The {role} returns '{series.Name}' are not in strictly increasing time order: {time[i]:yyyy-MM-dd HH:mm:ss} follows {time[i - 1]:yyyy-MM-dd HH:mm:ss} at index {i} (fix: sort the series and remove duplicate timestamps)."));
        }
    }

    sealed class BenchmarkTracker(DateTime[] strategyTime)
    {
        public DateTracker All { get; } = new();
        public DateTracker Inside { get; } = new();

        public void Add(DateTime date)
        {
            All.Add(date);
            if (strategyTime.Length > 0 && date >= strategyTime[0] && date <= strategyTime[^1]) Inside.Add(date);
        }
    }
}
