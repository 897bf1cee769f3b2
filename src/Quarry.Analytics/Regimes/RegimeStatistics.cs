namespace Quarry.Analytics.Regimes;

/// <summary>The statistics of one regime's returns (see <see cref="RegimeAnalysis.Compute"/> for the formulas).</summary>
internal static class RegimeStatistics
{
    public static RegimeStats Compute(string label, ReadOnlySpan<double> r, int totalPeriods, double periodsPerYear)
    {
        int n = r.Length;
        double share = totalPeriods == 0 ? double.NaN : (double)n / totalPeriods;
        if (n == 0) return new RegimeStats(label, 0, share, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        double growth = 1, peak = 1, maxDd = 0, mean = 0, m2 = 0;
        int wins = 0, nonZero = 0;
        for (int t = 0; t < n; t++)
        {
            growth *= 1 + r[t];
            peak = Math.Max(peak, growth);
            maxDd = Math.Min(maxDd, growth / peak - 1);
            double delta = r[t] - mean;
            mean += delta / (t + 1);
            m2 += delta * (r[t] - mean);
            if (r[t] != 0) nonZero++;
            if (r[t] > 0) wins++;
        }
        double total = growth - 1;
        double std = n > 1 ? Math.Sqrt(m2 / (n - 1)) : double.NaN;
        double root = Math.Sqrt(periodsPerYear);
        return new RegimeStats(label, n, share, total, Math.Pow(growth, periodsPerYear / n) - 1, std * root,
            mean / std * root, maxDd == 0 ? 0 : maxDd, nonZero == 0 ? 0 : (double)wins / nonZero);
    }
}
