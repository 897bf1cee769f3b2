namespace Quarry.Analytics.Metrics.Internal;

/// <summary>Which rows of a strategy/benchmark pair to use.</summary>
internal enum PairFilter
{
    /// <summary>Every row.</summary>
    All,
    /// <summary>Rows where the benchmark return is &gt; 0.</summary>
    BenchmarkUp,
    /// <summary>Rows where the benchmark return is &lt; 0.</summary>
    BenchmarkDown,
}

/// <summary>
/// Means and centred co-moments of aligned strategy (r) and benchmark (b) returns over the selected rows, two
/// passes, no allocation. A side whose values are all equal has its centred sums exactly 0.
/// </summary>
internal readonly struct PairMoments
{
    /// <summary>Rows used.</summary>
    public int Count { get; init; }

    /// <summary>mean(r).</summary>
    public double MeanR { get; init; }

    /// <summary>mean(b).</summary>
    public double MeanB { get; init; }

    /// <summary>Σ(r − r̄)².</summary>
    public double Srr { get; init; }

    /// <summary>Σ(b − b̄)².</summary>
    public double Sbb { get; init; }

    /// <summary>Σ(r − r̄)(b − b̄).</summary>
    public double Srb { get; init; }

    /// <summary>Computes the co-moments over the rows selected by <paramref name="filter"/>.</summary>
    public static PairMoments Of(ReadOnlySpan<double> r, ReadOnlySpan<double> b, PairFilter filter = PairFilter.All)
    {
        int n = 0;
        double sumR = 0, sumB = 0, minR = double.PositiveInfinity, maxR = double.NegativeInfinity,
            minB = double.PositiveInfinity, maxB = double.NegativeInfinity;
        for (int t = 0; t < r.Length; t++)
        {
            if (!Selected(b[t], filter)) continue;
            n++;
            sumR += r[t];
            sumB += b[t];
            minR = Math.Min(minR, r[t]);
            maxR = Math.Max(maxR, r[t]);
            minB = Math.Min(minB, b[t]);
            maxB = Math.Max(maxB, b[t]);
        }
        if (n == 0) return new PairMoments { MeanR = double.NaN, MeanB = double.NaN, Srr = double.NaN, Sbb = double.NaN, Srb = double.NaN };
        double meanR = sumR / n, meanB = sumB / n;
        bool constR = minR == maxR, constB = minB == maxB;
        double srr = 0, sbb = 0, srb = 0;
        for (int t = 0; t < r.Length; t++)
        {
            if (!Selected(b[t], filter)) continue;
            double dr = constR ? 0 : r[t] - meanR, db = constB ? 0 : b[t] - meanB;
            srr += dr * dr;
            sbb += db * db;
            srb += dr * db;
        }
        return new PairMoments
        {
            Count = n, MeanR = constR ? minR : meanR, MeanB = constB ? minB : meanB, Srr = srr, Sbb = sbb, Srb = srb,
        };
    }

    static bool Selected(double b, PairFilter filter) => filter switch
    {
        PairFilter.BenchmarkUp => b > 0,
        PairFilter.BenchmarkDown => b < 0,
        _ => true,
    };
}
