namespace Quarry.Analytics.Metrics.Internal;

/// <summary>
/// Count, mean and centred sums S_k = Σ(x − mean)^k (k = 2, 3, 4) of a series, two passes, no allocation. A series
/// whose values are all equal has S_k exactly 0 (so its standard deviation is exactly 0, not rounding noise).
/// A NaN anywhere makes every field NaN.
/// </summary>
internal readonly struct Moments
{
    /// <summary>Number of values.</summary>
    public int Count { get; init; }

    /// <summary>Arithmetic mean (NaN when empty).</summary>
    public double Mean { get; init; }

    /// <summary>Σ(x − mean)².</summary>
    public double S2 { get; init; }

    /// <summary>Σ(x − mean)³ (0 unless computed with higher moments).</summary>
    public double S3 { get; init; }

    /// <summary>Σ(x − mean)⁴ (0 unless computed with higher moments).</summary>
    public double S4 { get; init; }

    /// <summary>Sample variance, ddof = 1; NaN when fewer than 2 values.</summary>
    public double Variance => Count < 2 ? double.NaN : S2 / (Count - 1);

    /// <summary>Sample standard deviation, ddof = 1; NaN when fewer than 2 values.</summary>
    public double Std => Math.Sqrt(Variance);

    /// <summary>Computes the moments of <paramref name="x"/>; S3 and S4 only when <paramref name="higher"/>.</summary>
    public static Moments Of(ReadOnlySpan<double> x, bool higher = false)
    {
        int n = x.Length;
        if (n == 0) return new Moments { Count = 0, Mean = double.NaN, S2 = double.NaN, S3 = double.NaN, S4 = double.NaN };
        double sum = 0, min = x[0], max = x[0];
        foreach (double v in x)
        {
            sum += v;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        double mean = sum / n;
        if (double.IsNaN(mean))
            return new Moments { Count = n, Mean = double.NaN, S2 = double.NaN, S3 = double.NaN, S4 = double.NaN };
        if (min == max) return new Moments { Count = n, Mean = min };

        double s2 = 0, s3 = 0, s4 = 0;
        if (higher)
        {
            foreach (double v in x)
            {
                double d = v - mean, d2 = d * d;
                s2 += d2;
                s3 += d2 * d;
                s4 += d2 * d2;
            }
        }
        else
        {
            foreach (double v in x)
            {
                double d = v - mean;
                s2 += d * d;
            }
        }
        return new Moments { Count = n, Mean = mean, S2 = s2, S3 = s3, S4 = s4 };
    }
}
