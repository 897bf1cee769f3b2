namespace Quarry.Analytics.Metrics.Internal;

/// <summary>Value-at-risk, expected shortfall and quantile ratios.</summary>
internal static class TailStats
{
    /// <summary>QuantStats reads a confidence above 1 as a percentage (95 → 0.95).</summary>
    public static double Confidence(double confidence) => confidence > 1 ? confidence / 100 : confidence;

    /// <summary>
    /// Parametric VaR, scipy <c>norm.ppf(1 − c, μ, sigma·s)</c>: μ + sigma·s·Φ⁻¹(1 − c); NaN when the scale is not
    /// positive (a constant series) or undefined (fewer than 2 values).
    /// </summary>
    public static double ValueAtRisk(in Moments m, double sigma, double confidence)
    {
        double scale = sigma * m.Std, q = 1 - Confidence(confidence);
        if (!(scale > 0) || double.IsNaN(m.Mean) || !(q >= 0 && q <= 1)) return double.NaN;
        return m.Mean + scale * Normal.InverseCdf(q);
    }

    /// <summary>mean{x_t : x_t &lt; var}, or var itself when no value is below it (QuantStats).</summary>
    public static double ConditionalValueAtRisk(ReadOnlySpan<double> x, double var)
    {
        double sum = 0;
        int count = 0;
        foreach (double v in x)
        {
            if (v < var)
            {
                sum += v;
                count++;
            }
        }
        return count > 0 ? sum / count : var;
    }

    /// <summary>empyrical conditional_value_at_risk on sorted data: the mean of the ⌊(N − 1)·cutoff⌋ + 1 smallest values.</summary>
    public static double ConditionalValueAtRiskHistorical(ReadOnlySpan<double> sorted, double cutoff)
    {
        if (sorted.Length == 0 || double.IsNaN(cutoff)) return double.NaN;
        int k = (int)Math.Clamp(Math.Truncate((sorted.Length - 1) * cutoff), 0, sorted.Length - 1);
        double sum = 0;
        for (int i = 0; i <= k; i++) sum += sorted[i];
        return sum / (k + 1);
    }

    /// <summary>|q_cutoff / q_(1−cutoff)| on sorted data; NaN when empty or when the lower quantile is 0.</summary>
    public static double TailRatio(ReadOnlySpan<double> sorted, double cutoff)
    {
        double upper = Quantile.OfSorted(sorted, cutoff), lower = Quantile.OfSorted(sorted, 1 - cutoff);
        return lower == 0 ? double.NaN : Math.Abs(upper / lower);
    }

    /// <summary>q / mean, NaN when the mean is 0 or undefined (outlier win / loss ratios).</summary>
    public static double OutlierRatio(double quantile, double mean) =>
        mean == 0 || double.IsNaN(mean) ? double.NaN : quantile / mean;
}
