namespace Quarry.Analytics.Tests.Metrics;

/// <summary>
/// Independent, deliberately plain restatements of the spec's formulas (one loop per formula, no shared accumulators,
/// no incremental updates), used where the hand arithmetic of a golden value is too long for a comment. Written from
/// the spec, not from the implementation.
/// </summary>
internal static class Reference
{
    public static double Mean(IReadOnlyList<double> x)
    {
        double sum = 0;
        foreach (double v in x) sum += v;
        return sum / x.Count;
    }

    /// <summary>std(x) = sqrt(Σ(x − mean)² / (n − 1)).</summary>
    public static double Std(IReadOnlyList<double> x)
    {
        double m = Mean(x), sum = 0;
        foreach (double v in x) sum += (v - m) * (v - m);
        return Math.Sqrt(sum / (x.Count - 1));
    }

    /// <summary>Π(1 + r) − 1.</summary>
    public static double Comp(IReadOnlyList<double> r)
    {
        double product = 1;
        foreach (double v in r) product *= 1 + v;
        return product - 1;
    }

    /// <summary>Pearson correlation of two equal-length lists.</summary>
    public static double Corr(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        double mx = Mean(x), my = Mean(y), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>sqrt(1 + 2·Σ_{k=1}^{N−1} ((N − k)/N)·ρ^k), ρ = |corr(x[0..N−2], x[1..N−1])|.</summary>
    public static double AutocorrPenalty(double[] x)
    {
        int n = x.Length;
        double rho = Math.Abs(Corr(x[..^1], x[1..]));
        double sum = 0;
        for (int k = 1; k < n; k++) sum += (double)(n - k) / n * Math.Pow(rho, k);
        return Math.Sqrt(1 + 2 * sum);
    }

    /// <summary>The drawdown series with the W_0 = 1 baseline.</summary>
    public static double[] Drawdowns(double[] r)
    {
        var dd = new double[r.Length];
        double w = 1, peak = 1;
        for (int t = 0; t < r.Length; t++)
        {
            w *= 1 + r[t];
            if (w > peak) peak = w;
            dd[t] = w / peak - 1;
        }
        return dd;
    }

    /// <summary>R² of y_t = Σ_{s≤t} ln(1 + r_s) on t = 0 … n−1.</summary>
    public static double Stability(double[] r)
    {
        var y = new double[r.Length];
        var t = new double[r.Length];
        double cumulative = 0;
        for (int i = 0; i < r.Length; i++)
        {
            cumulative += Math.Log(1 + r[i]);
            y[i] = cumulative;
            t[i] = i;
        }
        double rho = Corr(t, y);
        return rho * rho;
    }

    /// <summary>Linear-interpolation quantile: sort, h = (n − 1)p, x_j + (h − j)(x_{j+1} − x_j).</summary>
    public static double Quantile(double[] x, double p)
    {
        var sorted = (double[])x.Clone();
        Array.Sort(sorted);
        double h = (sorted.Length - 1) * p;
        int j = (int)Math.Floor(h);
        if (j >= sorted.Length - 1) return sorted[^1];
        return sorted[j] + (h - j) * (sorted[j + 1] - sorted[j]);
    }

    /// <summary>Φ by numerical integration of the density (Simpson's rule on [−12, x], 20,000 intervals): independent of the implementation's series.</summary>
    public static double NormalCdf(double x)
    {
        const int intervals = 20_000;
        double a = -12, h = (x - a) / intervals, sum = Density(a) + Density(x);
        for (int i = 1; i < intervals; i++) sum += (i % 2 == 1 ? 4 : 2) * Density(a + i * h);
        return sum * h / 3;

        static double Density(double z) => Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);
    }
}
