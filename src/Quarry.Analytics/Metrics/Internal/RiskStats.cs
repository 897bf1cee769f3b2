namespace Quarry.Analytics.Metrics.Internal;

/// <summary>Volatility and risk-adjusted ratio formulas (QuantStats conventions unless named after empyrical).</summary>
internal static class RiskStats
{
    /// <summary>std(r)·√periods.</summary>
    public static double Volatility(in Moments m, double periods) => m.Std * Math.Sqrt(periods);

    /// <summary>mean(x) / (std(x)·penalty) · √periods with x = r − rf_p; ±∞ when std = 0 (NaN when the mean is 0 too).</summary>
    public static double Sharpe(in Moments m, double rfPerPeriod, double periods, double penalty = 1) =>
        (m.Mean - rfPerPeriod) / (m.Std * penalty) * Math.Sqrt(periods);

    /// <summary>Σ min(r_t − threshold, 0)² over the values (NaN values contribute nothing).</summary>
    public static double DownsideSquares(ReadOnlySpan<double> returns, double threshold)
    {
        double sum = 0;
        foreach (double r in returns)
        {
            double d = Math.Min(r - threshold, 0);   // branch-free: signs are unpredictable
            sum += d * d;
        }
        return sum;
    }

    /// <summary>
    /// mean(x) / (DD·penalty) · √periods with DD = sqrt(downsideSquares / n); NaN when n = 0 or DD = 0 (QuantStats).
    /// </summary>
    public static double Sortino(double meanExcess, double downsideSquares, int n, double periods, double penalty = 1)
    {
        if (n == 0 || !(downsideSquares > 0)) return double.NaN;
        return meanExcess / (Math.Sqrt(downsideSquares / n) * penalty) * Math.Sqrt(periods);
    }

    /// <summary>
    /// QuantStats autocorr_penalty: ρ = |Pearson corr(x_1…x_{N−1}, x_2…x_N)| (clipped to 1),
    /// sqrt(1 + 2·Σ_{k=1}^{N−1} ((N − k)/N)·ρ^k). NaN when N &lt; 3 or either lagged series is constant.
    /// </summary>
    public static double AutocorrPenalty(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        if (n < 3) return double.NaN;
        // One pass over the pairs (x_t, x_{t+1}), shifted by x_0 against cancellation; a lagged half that is constant
        // (min = max) has no correlation.
        double shift = x[0], sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        double minA = x[0], maxA = x[0], minB = x[1], maxB = x[1];
        for (int t = 0; t < n - 1; t++)
        {
            double a = x[t] - shift, b = x[t + 1] - shift;
            sa += a;
            sb += b;
            saa += a * a;
            sbb += b * b;
            sab += a * b;
            minA = Math.Min(minA, x[t]);
            maxA = Math.Max(maxA, x[t]);
            minB = Math.Min(minB, x[t + 1]);
            maxB = Math.Max(maxB, x[t + 1]);
        }
        int m = n - 1;
        double cxx = saa - sa * sa / m, cyy = sbb - sb * sb / m, cxy = sab - sa * sb / m;
        if (!(maxA > minA) || !(maxB > minB) || !(cxx > 0) || !(cyy > 0)) return double.NaN;
        double rho = Math.Min(1, Math.Abs(cxy / Math.Sqrt(cxx * cyy)));
        double sum = 0, power = 1;
        for (int k = 1; k < n; k++)
        {
            power *= rho;
            if (power == 0) break;
            sum += (double)(n - k) / n * power;
        }
        return Math.Sqrt(1 + 2 * sum);
    }

    /// <summary>
    /// QuantStats probabilistic_ratio: Φ((base − rf) / σ), σ = sqrt((1 + base²/2 − γ3·base + (κ − 3)/4·base²) / (n − 1))
    /// with the series' bias-corrected skew γ3 and excess kurtosis κ. NaN when σ is undefined.
    /// </summary>
    public static double Probabilistic(double ratio, double skew, double kurtosis, int n, double rf)
    {
        double sigma = Math.Sqrt((1 + 0.5 * ratio * ratio - skew * ratio + (kurtosis - 3) / 4 * ratio * ratio) / (n - 1));
        return Normal.Cdf((ratio - rf) / sigma);
    }

    /// <summary>
    /// Omega: L = (1 + requiredReturn)^(1/periods) − 1 (requiredReturn itself when periods = 1),
    /// Σ max(x, 0) / Σ max(−x, 0) with x = r − rf_p − L; NaN when N &lt; 2, requiredReturn ≤ −1 or no x is negative.
    /// </summary>
    public static double Omega(ReadOnlySpan<double> returns, double rfPerPeriod, double requiredReturn, double periods)
    {
        if (returns.Length < 2 || requiredReturn <= -1 || double.IsNaN(requiredReturn)) return double.NaN;
        double threshold = periods == 1 ? requiredReturn : Math.Pow(1 + requiredReturn, 1.0 / periods) - 1;
        double gains = 0, losses = 0;
        foreach (double r in returns)
        {
            double x = r - rfPerPeriod - threshold;
            gains += Math.Max(x, 0);
            losses -= Math.Min(x, 0);
        }
        return losses > 0 ? gains / losses : double.NaN;
    }

    /// <summary>
    /// empyrical downside_risk: sqrt(mean over the non-NaN values of min(r − required, 0)²)·√periods; NaN when no
    /// value is a number.
    /// </summary>
    public static double DownsideRisk(ReadOnlySpan<double> returns, double requiredReturn, double periods)
    {
        int count = 0;
        double sum = 0;
        foreach (double r in returns)
        {
            if (double.IsNaN(r)) continue;
            count++;
            double d = Math.Min(r - requiredReturn, 0);
            sum += d * d;
        }
        return count == 0 ? double.NaN : Math.Sqrt(sum / count) * Math.Sqrt(periods);
    }

    /// <summary>
    /// empyrical stability_of_timeseries: NaN dropped, y_t = Σ_{s≤t} ln(1 + r_s), R² of y on t = 0 … n−1 (scipy
    /// linregress r², 0 when y is constant); NaN when fewer than 2 values remain. One pass (Welford co-moments).
    /// </summary>
    public static double Stability(ReadOnlySpan<double> returns)
    {
        // t = 0 … n−1 has mean (n − 1)/2 and Σ(t − mean)² = n(n² − 1)/12; y needs Σy, Σy² and Σt·y (no division per value).
        int n = 0;
        double y = 0, sy = 0, syy = 0, sty = 0;
        foreach (double r in returns)
        {
            if (double.IsNaN(r)) continue;
            y += Math.Log(1 + r);
            sy += y;
            syy += y * y;
            sty += n * y;
            n++;
        }
        if (n < 2 || !double.IsFinite(y) || !double.IsFinite(syy)) return double.NaN;
        double meanT = (n - 1) / 2.0, stt = n * ((double)n * n - 1) / 12;
        double ssy = syy - sy * sy / n, ssty = sty - meanT * sy;
        if (!(ssy > 1e-15 * syy)) return 0;   // y flat (up to rounding)
        double rho = Math.Clamp(ssty / Math.Sqrt(stt * ssy), -1, 1);
        return rho * rho;
    }
}
