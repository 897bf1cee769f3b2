using System.Buffers;

namespace Quarry.Analytics.Metrics.Internal;

/// <summary>Benchmark-relative formulas.</summary>
internal static class BenchmarkStats
{
    /// <summary>QuantStats greeks beta: cov(r, b) / var(b), NaN replaced by 0.</summary>
    public static double Beta(in PairMoments m) => FillNaN(RawBeta(m));

    /// <summary>QuantStats greeks alpha: periods·(mean(r) − β·mean(b)) with the unfilled β, NaN replaced by 0.</summary>
    public static double Alpha(in PairMoments m, double periods) => FillNaN(periods * (m.MeanR - RawBeta(m) * m.MeanB));

    /// <summary>cov / var(b) with numpy's ddof-1 covariance matrix: NaN when N &lt; 2 or var(b) = 0.</summary>
    static double RawBeta(in PairMoments m) => m.Count < 2 ? double.NaN : m.Srb / m.Sbb;

    /// <summary>empyrical beta: cov / var(b) (ddof 0), NaN when N &lt; 2 or var(b) &lt; 1e-30.</summary>
    public static double EmpyricalBeta(in PairMoments m)
    {
        if (m.Count < 2) return double.NaN;
        double variance = m.Sbb / m.Count;
        return variance < 1e-30 || double.IsNaN(variance) ? double.NaN : (m.Srb / m.Count) / variance;
    }

    /// <summary>empyrical alpha: (1 + mean(r − rf) − β·mean(b − rf))^periods − 1 with the empyrical β; NaN when N &lt; 2.</summary>
    public static double AlphaCompounded(in PairMoments m, double rfPerPeriod, double periods)
    {
        double beta = EmpyricalBeta(m);
        if (double.IsNaN(beta)) return double.NaN;
        double residual = (m.MeanR - rfPerPeriod) - beta * (m.MeanB - rfPerPeriod);
        return Math.Pow(1 + residual, periods) - 1;
    }

    /// <summary>Pearson correlation clipped to [−1, 1]; NaN when N &lt; 2 or either side is constant.</summary>
    public static double Correlation(in PairMoments m)
    {
        if (m.Count < 2 || !(m.Srr > 0) || !(m.Sbb > 0)) return double.NaN;
        return Math.Clamp(m.Srb / Math.Sqrt(m.Srr * m.Sbb), -1, 1);
    }

    /// <summary>
    /// scipy <c>linregress(r, b).rvalue²</c>: NaN when N &lt; 2 or the strategy is constant (scipy raises), 0 when only
    /// the benchmark is constant.
    /// </summary>
    public static double RSquared(in PairMoments m)
    {
        if (m.Count < 2 || !(m.Srr > 0)) return double.NaN;
        if (!(m.Sbb > 0)) return 0;
        double rho = Correlation(m);
        return rho * rho;
    }

    /// <summary>Moments of the active return r − b.</summary>
    public static Moments Active(ReadOnlySpan<double> r, ReadOnlySpan<double> b)
    {
        int n = r.Length;
        if (n == 0) return Moments.Of([]);
        double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (int t = 0; t < n; t++)
        {
            double d = r[t] - b[t];
            sum += d;
            min = Math.Min(min, d);
            max = Math.Max(max, d);
        }
        double mean = sum / n;
        if (double.IsNaN(mean)) return new Moments { Count = n, Mean = double.NaN, S2 = double.NaN };
        if (min == max) return new Moments { Count = n, Mean = min };
        double s2 = 0;
        for (int t = 0; t < n; t++)
        {
            double d = r[t] - b[t] - mean;
            s2 += d * d;
        }
        return new Moments { Count = n, Mean = mean, S2 = s2 };
    }

    /// <summary>QuantStats information_ratio: mean(r − b) / std(r − b), not annualised; 0 when the std is 0.</summary>
    public static double InformationRatio(in Moments active)
    {
        double std = active.Std;
        return std == 0 ? 0 : active.Mean / std;
    }

    /// <summary>
    /// empyrical capture on the selected rows: annual_return(r) / annual_return(b), each with years = rows / periods;
    /// NaN when no row is selected.
    /// </summary>
    public static double Capture(ReadOnlySpan<double> r, ReadOnlySpan<double> b, double periods, PairFilter filter)
    {
        int n = 0;
        double growthR = 1, growthB = 1;
        for (int t = 0; t < r.Length; t++)
        {
            double bt = b[t];
            if (filter == PairFilter.BenchmarkUp && !(bt > 0)) continue;
            if (filter == PairFilter.BenchmarkDown && !(bt < 0)) continue;
            n++;
            growthR *= 1 + r[t];
            growthB *= 1 + bt;
        }
        return ReturnStats.AnnualReturn(growthR - 1, n, periods) / ReturnStats.AnnualReturn(growthB - 1, n, periods);
    }

    /// <summary>
    /// empyrical beta_fragility_heuristic: drop pairs with a NaN, sort by b (stable), take the first, middle
    /// (index round-half-even(n/2)) and last pairs; w_s·r_s + w_e·r_e − r_mid with
    /// w_s = (b_mid − b_s)/(b_e − b_s), w_e = (b_e − b_mid)/(b_e − b_s) (0.5 each when b_e = b_s). NaN when N &lt; 3.
    /// </summary>
    public static double BetaFragilityHeuristic(ReadOnlySpan<double> r, ReadOnlySpan<double> b)
    {
        if (r.Length < 3) return double.NaN;
        double[] keys = ArrayPool<double>.Shared.Rent(r.Length), scratch = ArrayPool<double>.Shared.Rent(r.Length);
        int[] rows = ArrayPool<int>.Shared.Rent(r.Length);
        try
        {
            int n = 0;
            for (int t = 0; t < r.Length; t++)
            {
                if (double.IsNaN(r[t]) || double.IsNaN(b[t])) continue;
                keys[n] = b[t];
                rows[n++] = t;
            }
            if (n == 0) return double.NaN;
            var k = keys.AsSpan(0, n);
            // In a stable sort by b, the first pair is the first row holding min b, the last the last row holding
            // max b, and position m the (m − #{b < v})-th row, in row order, holding v = the m-th smallest b.
            double min = k[0], max = k[0];
            foreach (double v in k)
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
            int m = (int)Math.Round(n / 2.0, MidpointRounding.ToEven);
            double mid = OrderStatistics.Select(k, m, scratch);
            int less = 0;
            foreach (double v in k) if (v < mid) less++;
            int s = -1, e = -1, md = -1, occurrence = m - less;
            for (int i = 0; i < n; i++)
            {
                if (s < 0 && k[i] == min) s = rows[i];
                if (k[i] == max) e = rows[i];
                if (k[i] == mid && occurrence-- == 0) md = rows[i];
            }
            double bs = b[s], bm = b[md], be = b[e], range = be - bs, ws = 0.5, we = 0.5;
            if (range != 0)
            {
                ws = (bm - bs) / range;
                we = (be - bm) / range;
            }
            return ws * r[s] + we * r[e] - r[md];
        }
        finally
        {
            ArrayPool<double>.Shared.Return(keys);
            ArrayPool<double>.Shared.Return(scratch);
            ArrayPool<int>.Shared.Return(rows);
        }
    }

    static double FillNaN(double value) => double.IsNaN(value) ? 0 : value;
}
