namespace Quarry.Analytics.Tests.Metrics;

/// <summary>The small hand-made series the golden tests share.</summary>
internal static class Fixtures
{
    /// <summary>
    /// Mixed daily series: 4 gains (0.02, 0.03, 0.01, 0.04), 3 losses (−0.01, −0.02, −0.03), one zero.
    /// Σ = 0.04, mean = 0.005, deviations ±0.015, ±0.025, ±0.005, ±0.035 (symmetric), S2 = 0.0042,
    /// var = 0.0042 / 7 = 0.0006, std = √0.0006 = 0.024494897427831782.
    /// </summary>
    public static readonly double[] A = [0.02, -0.01, 0.03, -0.02, 0.01, 0.00, 0.04, -0.03];

    /// <summary>A benchmark aligned with <see cref="A"/>: mean 0.0025.</summary>
    public static readonly double[] B = [0.01, -0.01, 0.02, -0.01, 0.00, 0.01, 0.02, -0.02];

    /// <summary>Equity of A: 1.02, 1.0098, 1.040094, 1.01929212, 1.0294850412, 1.0294850412, 1.070664442848, 1.03854450956256.</summary>
    public const double CompA = 0.03854450956256;

    /// <summary>√252.</summary>
    public static readonly double Sqrt252 = Math.Sqrt(252);

    /// <summary><paramref name="n"/> consecutive calendar days from 2024-01-01.</summary>
    public static DateTime[] Days(int n, int year = 2024, int month = 1, int day = 1)
    {
        var start = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc);
        var days = new DateTime[n];
        for (int i = 0; i < n; i++) days[i] = start.AddDays(i);
        return days;
    }

    /// <summary>A reproducible series of daily-like returns (mean ≈ 0.0004, std ≈ 0.01), with occasional zeros.</summary>
    public static double[] Random(int n, int seed = 7, double scale = 0.01)
    {
        var random = new Random(seed);
        var r = new double[n];
        for (int i = 0; i < n; i++)
        {
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            double z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            r[i] = random.Next(20) == 0 ? 0 : 0.0004 + scale * z;
        }
        return r;
    }

    /// <summary>Business days (Mon–Fri) from 2005-01-03.</summary>
    public static DateTime[] BusinessDays(int n)
    {
        var days = new DateTime[n];
        var d = new DateTime(2005, 1, 3, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < n; i++)
        {
            while (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) d = d.AddDays(1);
            days[i] = d;
            d = d.AddDays(1);
        }
        return days;
    }
}
