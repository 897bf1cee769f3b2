namespace Quarry.Analytics.Metrics.Internal;

/// <summary>
/// The standard normal distribution: CDF Φ and its inverse. Φ uses its Taylor series around 0 for |x| ≤ 3 and the
/// continued fraction of Mills' ratio in the tails; Φ⁻¹ starts from Abramowitz–Stegun 26.2.23 and polishes the root
/// with Halley steps on Φ, so both are accurate to a few ulps in the range metrics use.
/// </summary>
internal static class Normal
{
    const double InvSqrt2Pi = 0.398942280401432677939946059934;
    const double Sqrt2Pi = 2.50662827463100050241576528481;

    /// <summary>Φ(x) = P(Z ≤ x). NaN for NaN.</summary>
    public static double Cdf(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x < -38) return 0;
        if (x > 38) return 1;
        double ax = Math.Abs(x);
        if (ax <= 3)
        {
            // Φ(x) = 1/2 + φ(x)·Σ_{k≥0} x^(2k+1) / (1·3·5···(2k+1)); all terms share the sign of x.
            double x2 = x * x, term = x, sum = x;
            for (int k = 1; k < 200; k++)
            {
                term *= x2 / (2 * k + 1);
                double next = sum + term;
                if (next == sum) break;
                sum = next;
            }
            return 0.5 + sum * Math.Exp(-0.5 * x2) * InvSqrt2Pi;
        }
        double tail = Math.Exp(-0.5 * ax * ax) * InvSqrt2Pi * MillsRatio(ax);
        return x > 0 ? 1 - tail : tail;
    }

    /// <summary>Φ⁻¹(p): the x with Φ(x) = p. −∞ at 0, +∞ at 1, NaN outside [0, 1].</summary>
    public static double InverseCdf(double p)
    {
        if (double.IsNaN(p) || p < 0 || p > 1) return double.NaN;
        if (p == 0) return double.NegativeInfinity;
        if (p == 1) return double.PositiveInfinity;
        if (p == 0.5) return 0;

        // Abramowitz & Stegun 26.2.23 (|error| < 4.5e-4) on the smaller tail.
        double q = Math.Min(p, 1 - p);
        double t = Math.Sqrt(-2 * Math.Log(q));
        double x = t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)));
        if (p < 0.5) x = -x;

        // Halley's method on f(x) = Φ(x) − p: cubic convergence, three or four steps reach full precision.
        for (int i = 0; i < 8; i++)
        {
            double e = Cdf(x) - p;
            double u = e * Sqrt2Pi * Math.Exp(0.5 * x * x);
            double step = u / (1 + 0.5 * x * u);
            x -= step;
            if (Math.Abs(step) <= 1e-16 * Math.Max(1, Math.Abs(x))) break;
        }
        return x;
    }

    /// <summary>Mills' ratio R(x) = (1 − Φ(x)) / φ(x) for x &gt; 0: 1 / (x + 1/(x + 2/(x + 3/(x + …)))), by Lentz's method.</summary>
    static double MillsRatio(double x)
    {
        const double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int j = 1; j < 5000; j++)
        {
            d = x + j * d;
            if (d == 0) d = tiny;
            c = x + j / c;
            if (c == 0) c = tiny;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return 1 / f;
    }
}
