namespace Quarry.Analytics.Metrics.Internal;

/// <summary>Return-level formulas: compounded and annual growth, geometric mean, exposure.</summary>
internal static class ReturnStats
{
    /// <summary>Π(1 + r_t) − 1 (0 when empty).</summary>
    public static double Comp(ReadOnlySpan<double> returns)
    {
        double product = 1;
        foreach (double r in returns) product *= 1 + r;
        return product - 1;
    }

    /// <summary>QuantStats cagr: |1 + total|^(1/Y) − 1 with Y = n / periods; NaN when n = 0.</summary>
    public static double Cagr(double total, int n, double periods) =>
        n == 0 ? double.NaN : Math.Pow(Math.Abs(1 + total), 1.0 / (n / periods)) - 1;

    /// <summary>empyrical annual_return: (1 + total)^(1/Y) − 1 with Y = n / periods (no absolute value); NaN when n = 0.</summary>
    public static double AnnualReturn(double total, int n, double periods) =>
        n == 0 ? double.NaN : Math.Pow(1 + total, 1.0 / (n / periods)) - 1;

    /// <summary>Π(1 + r)^(1/n) − 1; NaN when empty.</summary>
    public static double ExpectedReturn(ReadOnlySpan<double> returns) =>
        returns.Length == 0 ? double.NaN : Math.Pow(Comp(returns) + 1, 1.0 / returns.Length) - 1;

    /// <summary>⌈100 · #{r ≠ 0, not NaN} / N⌉ / 100, the ceiling taken exactly in integers; NaN when empty.</summary>
    public static double Exposure(ReadOnlySpan<double> returns)
    {
        if (returns.Length == 0) return double.NaN;
        long active = 0;
        foreach (double r in returns)
            if (r != 0 && !double.IsNaN(r)) active++;
        long n = returns.Length;
        return (100 * active + n - 1) / n / 100.0;
    }

    /// <summary>rar: cagr / exposure of x = r − rf, rf subtracted raw from every period when rf &gt; 0.</summary>
    public static double Rar(ReadOnlySpan<double> returns, double periods, double rf)
    {
        if (returns.Length == 0) return double.NaN;
        double raw = Raw(rf), growth = 1;
        long active = 0;
        foreach (double r in returns)
        {
            double x = r - raw;
            growth *= 1 + x;
            if (x != 0 && !double.IsNaN(x)) active++;
        }
        long n = returns.Length;
        return Cagr(growth - 1, returns.Length, periods) / ((100 * active + n - 1) / n / 100.0);
    }

    /// <summary>The per-period risk-free rate QuantStats subtracts: (1 + rf)^(1/periods) − 1 when rf &gt; 0, else 0.</summary>
    public static double PerPeriod(double rf, double periods) => rf > 0 ? Math.Pow(1 + rf, 1 / periods) - 1 : 0;

    /// <summary>rf as QuantStats subtracts it raw (without de-annualising): rf when rf &gt; 0, else 0.</summary>
    public static double Raw(double rf) => rf > 0 ? rf : 0;

    /// <summary>ln(1 + x), accurate for small x.</summary>
    public static double Log1P(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }
}
