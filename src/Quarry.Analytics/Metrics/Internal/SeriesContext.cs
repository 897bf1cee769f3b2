using System.Buffers;

namespace Quarry.Analytics.Metrics.Internal;

/// <summary>
/// Everything the per-series rows of a <see cref="MetricTable"/> need, computed once from a prepared copy of the
/// series (NaN and ±∞ → 0): moments, win/loss counts, the drawdown scan, a copy ordered at both tails for every
/// quantile the table shows (the lowest and highest ~6 %, see <see cref="OrderStatistics.PartialSort"/>), and the
/// monthly / quarterly / yearly aggregates. Holds pooled buffers until disposed.
/// </summary>
internal sealed class SeriesContext : IDisposable
{
    double[]? returns, sorted;
    readonly int orderedLow, orderedHigh;

    public SeriesContext(ReadOnlySpan<DateTime> time, ReadOnlySpan<double> source, MetricOptions options)
    {
        int n = source.Length;
        Periods = options.PeriodsPerYear;
        RiskFree = options.RiskFree;
        Confidence = options.VarConfidence;
        returns = ArrayPool<double>.Shared.Rent(Math.Max(1, n));
        sorted = ArrayPool<double>.Shared.Rent(Math.Max(1, n));
        var r = returns.AsSpan(0, n);
        Stats.PrepareReturns(source, r);
        // The table's quantiles (0.01, 0.05, 0.95, 0.99) and the 5 % historical CVaR need ranks up to ⌊0.05(n − 1)⌋ + 1
        // from either end (1 − 0.95 is a hair above 0.05 in floating point); order a little more than that.
        (orderedLow, orderedHigh) = OrderStatistics.PartialSort(r, (int)((n - 1) * 0.051) + 2, n - (int)((n - 1) * 0.949), sorted);

        Moments = Moments.Of(r, higher: true);
        WinLoss = WinLoss.Of(r);
        Comp = ReturnStats.Comp(r);
        Cagr = ReturnStats.Cagr(options.Compounded ? Comp : WinLoss.Sum, n, Periods);
        CompoundedCagr = ReturnStats.Cagr(Comp, n, Periods);
        RfPerPeriod = ReturnStats.PerPeriod(RiskFree, Periods);
        DownsideSquares = RiskStats.DownsideSquares(r, RfPerPeriod);
        Penalty = RiskStats.AutocorrPenalty(r);
        Exposure = ReturnStats.Exposure(r);
        Rar = ReturnStats.Rar(r, Periods, RiskFree);
        Omega = RiskStats.Omega(r, RfPerPeriod, 0, Periods);
        DownsideRisk = RiskStats.DownsideRisk(r, 0, Periods);
        Stability = RiskStats.Stability(r);
        Var = TailStats.ValueAtRisk(Moments, 1, Confidence);
        Cvar = TailStats.ConditionalValueAtRisk(r, Var);

        // The drawdown series and the aggregates share one more rented buffer.
        double[] scratch = ArrayPool<double>.Shared.Rent(Math.Max(1, n));
        try
        {
            var s = scratch.AsSpan(0, n);
            Drawdown = Drawdowns.Scan(r, time, s);
            DrawdownCvar = DrawdownStats.DrawdownCvar(s);
            Month = Summarize(time, r, AggregationPeriod.Month, options.Compounded, scratch);
            Quarter = Summarize(time, r, AggregationPeriod.Quarter, options.Compounded, scratch);
            Year = Summarize(time, r, AggregationPeriod.Year, options.Compounded, scratch);
            int days = Aggregation.Aggregate(time, r, AggregationPeriod.Day, false, s);
            GainToPainDaily = days == n ? WinLoss.GainToPain : WinLoss.Of(s[..days]).GainToPain;   // one row a day: the rows themselves
            GainToPainMonthly = WinLoss.Of(s[..Aggregation.Aggregate(time, r, AggregationPeriod.Month, false, s)]).GainToPain;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
        }
    }

    public double Periods { get; }
    public double RiskFree { get; }
    public double Confidence { get; }
    public double RfPerPeriod { get; }
    public int Count => Moments.Count;
    public ReadOnlySpan<double> Returns => returns.AsSpan(0, Count);
    public Moments Moments { get; }
    public WinLoss WinLoss { get; }
    public DrawdownScan Drawdown { get; }
    public double Comp { get; }
    public double Cagr { get; }

    /// <summary>CAGR from the compounded return whatever the option: QuantStats' calmar always compounds.</summary>
    public double CompoundedCagr { get; }
    public double DownsideSquares { get; }
    public double Penalty { get; }
    public double Exposure { get; }
    public double Rar { get; }
    public double Omega { get; }
    public double DownsideRisk { get; }
    public double Stability { get; }
    public double Var { get; }
    public double Cvar { get; }
    public double DrawdownCvar { get; }
    public Aggregate Month { get; }
    public Aggregate Quarter { get; }
    public Aggregate Year { get; }
    public double GainToPainDaily { get; }
    public double GainToPainMonthly { get; }

    public double Sortino(double penalty = 1) =>
        RiskStats.Sortino(Moments.Mean - RfPerPeriod, DownsideSquares, Count, Periods, penalty);

    public double Probabilistic(double ratio) =>
        RiskStats.Probabilistic(ratio, DistributionStats.Skew(Moments), DistributionStats.Kurtosis(Moments), Count, RiskFree);

    /// <summary>Linear-interpolation quantile at a tail rank the partial order covers.</summary>
    public double Quantile(double p) => Internal.Quantile.OfSorted(Ordered(p), p);

    public double TailRatio(double cutoff)
    {
        double lower = Quantile(1 - cutoff);
        return lower == 0 ? double.NaN : Math.Abs(Quantile(cutoff) / lower);
    }

    public double CvarHistorical(double cutoff)
    {
        var ordered = sorted.AsSpan(0, Count);
        if (Count > 0 && (int)((Count - 1) * cutoff) >= orderedLow) throw Uncovered(cutoff);
        return TailStats.ConditionalValueAtRiskHistorical(ordered, cutoff);
    }

    public double Best => Count == 0 ? double.NaN : sorted![Count - 1];

    public double Worst => Count == 0 ? double.NaN : sorted![0];

    /// <summary>The partially ordered copy, after checking that the ranks quantile p reads are in order.</summary>
    ReadOnlySpan<double> Ordered(double p)
    {
        int n = Count;
        if (n > 0)
        {
            int j = (int)Math.Floor((n - 1) * p), next = Math.Min(j + 1, n - 1);
            if (!(next < orderedLow || j >= n - orderedHigh)) throw Uncovered(p);
        }
        return sorted.AsSpan(0, n);
    }

    static InvalidOperationException Uncovered(double p) =>
        new($"Internal error: the metrics table has no ordered values for the quantile {p} (extend SeriesContext's tails).");

    public void Dispose()
    {
        if (returns is not null) ArrayPool<double>.Shared.Return(returns);
        if (sorted is not null) ArrayPool<double>.Shared.Return(sorted);
        returns = sorted = null;
    }

    static Aggregate Summarize(ReadOnlySpan<DateTime> time, ReadOnlySpan<double> r, AggregationPeriod period, bool compounded, double[] scratch)
    {
        var values = scratch.AsSpan(0, Aggregation.Aggregate(time, r, period, compounded, scratch));
        double best = double.NaN, worst = double.NaN;
        foreach (double v in values)
        {
            if (!(v <= best)) best = v;
            if (!(v >= worst)) worst = v;
        }
        return new Aggregate(WinLoss.Of(values), ReturnStats.ExpectedReturn(values), best, worst);
    }
}

/// <summary>Statistics of a series aggregated by calendar period.</summary>
internal readonly record struct Aggregate(WinLoss WinLoss, double Expected, double Best, double Worst);
