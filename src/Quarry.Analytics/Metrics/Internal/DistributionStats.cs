namespace Quarry.Analytics.Metrics.Internal;

/// <summary>pandas' bias-corrected skewness and excess kurtosis.</summary>
internal static class DistributionStats
{
    /// <summary>pandas treats sums below this magnitude as floating-point noise (<c>nanops._zero_out_fperr</c>).</summary>
    const double FpErr = 1e-14;

    static double ZeroOutFpErr(double v) => Math.Abs(v) < FpErr ? 0 : v;

    /// <summary>G1 = n·sqrt(n − 1)/(n − 2) · S3 / S2^1.5; 0 when S2 = 0; NaN when n &lt; 3.</summary>
    public static double Skew(in Moments m)
    {
        int n = m.Count;
        if (n < 3 || double.IsNaN(m.S2)) return double.NaN;
        double s2 = ZeroOutFpErr(m.S2), s3 = ZeroOutFpErr(m.S3);
        if (s2 == 0) return 0;
        return n * Math.Sqrt(n - 1.0) / (n - 2.0) * (s3 / Math.Pow(s2, 1.5));
    }

    /// <summary>
    /// G2 = n(n + 1)(n − 1)·S4 / ((n − 2)(n − 3)·S2²) − 3(n − 1)² / ((n − 2)(n − 3)); 0 when the denominator is 0;
    /// NaN when n &lt; 4.
    /// </summary>
    public static double Kurtosis(in Moments m)
    {
        double n = m.Count;
        if (n < 4 || double.IsNaN(m.S2)) return double.NaN;
        double adjustment = 3 * (n - 1) * (n - 1) / ((n - 2) * (n - 3));
        double numerator = ZeroOutFpErr(n * (n + 1) * (n - 1) * m.S4);
        double denominator = ZeroOutFpErr((n - 2) * (n - 3) * m.S2 * m.S2);
        if (denominator == 0) return 0;
        return numerator / denominator - adjustment;
    }
}
