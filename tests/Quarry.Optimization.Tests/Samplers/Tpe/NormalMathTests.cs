using Quarry.Optimization.Samplers.Tpe;

namespace Quarry.Optimization.Tests.Samplers.Tpe;

// Reference values: mpmath at 40 digits (erf, erfc, log(ncdf), erfinv / findroot).
public class NormalMathTests
{
    static void Rel(double expected, double actual, double tol = 1e-14) =>
        Assert.True(Math.Abs(actual - expected) <= tol * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");

    [Theory]
    [InlineData(0.1, 0.1124629160182848984)]
    [InlineData(0.5, 0.52049987781304653768)]
    [InlineData(1.0, 0.84270079294971486934)]
    [InlineData(2.0, 0.99532226501895273416)]
    [InlineData(3.0, 0.99997790950300141456)]
    [InlineData(-1.5, -0.96610514647531072707)]
    public void Erf_matches_reference(double x, double expected) => Rel(expected, NormalMath.Erf(x));

    [Theory]
    [InlineData(0.3, 0.67137324054087258381)]
    [InlineData(1.0, 0.15729920705028513066)]
    [InlineData(2.5, 0.00040695201744495893956)]
    [InlineData(5.0, 1.5374597944280348502e-12)]
    [InlineData(10.0, 2.088487583762544757e-45)]
    [InlineData(-2.0, 1.9953222650189527342)]
    public void Erfc_is_relatively_accurate_in_the_tail(double x, double expected) =>
        Assert.True(Math.Abs(NormalMath.Erfc(x) / expected - 1) < 1e-14, $"{NormalMath.Erfc(x):R}");

    [Theory]
    [InlineData(5.0, -27.200889545537434422)]
    [InlineData(27.0, -732.86888650789741098)]
    [InlineData(30.0, -903.97411711064387808)]
    [InlineData(100.0, -10005.177585122664333)]
    [InlineData(1000.0, -1000007.4801207219062)]
    public void LogErfc_does_not_underflow(double x, double expected) => Rel(expected, NormalMath.LogErfc(x));

    [Theory]
    [InlineData(-40.0, -804.60844201375378817)]
    [InlineData(-10.0, -53.231285150512470578)]
    [InlineData(-1.0, -1.8410216450092635058)]
    [InlineData(0.0, -0.69314718055994530942)]
    [InlineData(3.0, -0.0013508099647481937988)]
    [InlineData(10.0, -7.6198530241605260704e-24)]
    public void LogNdtr_matches_reference_in_both_tails(double x, double expected) => Rel(expected, NormalMath.LogNdtr(x), 1e-13);

    [Theory]
    [InlineData(-1, 1, -0.38171514630212607227)]
    [InlineData(-50, -49, -1205.3111748916652575)]
    [InlineData(49, 50, -1205.3111748916652575)]
    [InlineData(-3, -2, -3.844353426334205621)]
    [InlineData(8, 9, -35.013618593437148117)]
    [InlineData(-0.5, 40, -0.36894641528865639307)]
    public void LogGaussMass_is_finite_far_in_the_tails(double a, double b, double expected) =>
        Rel(expected, NormalMath.LogGaussMass(a, b), 1e-12);

    [Fact]
    public void Naive_cdf_difference_fails_where_LogGaussMass_does_not()
    {
        Assert.Equal(0.0, NormalMath.Ndtr(50) - NormalMath.Ndtr(49)); // cancels to 0: ln → −∞
        Assert.True(double.IsFinite(NormalMath.LogGaussMass(49, 50)));
    }

    [Theory]
    [InlineData(0.975, 1.9599639845400542355)]
    [InlineData(1e-10, -6.3613409024040562047)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.999999, 4.7534243088170877657)] // for the double nearest 0.999999
    [InlineData(0.02, -2.0537489106318230529)]
    public void Ndtri_inverts_the_cdf(double p, double expected) => Rel(expected, NormalMath.Ndtri(p), 1e-12);

    [Theory]
    [InlineData(-1e-10, 6.3613409024117348176)]
    [InlineData(-0.1, 1.3096177994584931321)]
    [InlineData(-5, -2.4709386372615884169)]
    [InlineData(-100, -13.888476033003886317)]
    [InlineData(-1000, -44.61574773196940302)]
    public void NdtriExp_handles_log_probabilities_beyond_double_range(double y, double expected) =>
        Rel(expected, NormalMath.NdtriExp(y), 1e-11);

    [Fact]
    public void TruncNormLogPdf_includes_the_log_sigma_term()
    {
        // Optuna 3.1.0 returned −0.9189 here (−ln 2 missing); the normalised value is −½ ln 2π − ln 2.
        Rel(-1.612085714, NormalMath.TruncNormLogPdf(0, 0, 2, -1e9, 1e9), 1e-9);
        // Direct formula: φ(z)/σ / (Φ(b) − Φ(a)) for N(5, 10²) on [0, 10] at 7 (mpmath).
        Rel(-2.2816072925030961065, NormalMath.TruncNormLogPdf(7, 5, 10, 0, 10), 1e-13);
    }

    [Theory]
    [InlineData(-1.0, 1.0)]
    [InlineData(-30.0, -29.0)]
    [InlineData(29.0, 30.0)]
    [InlineData(-0.2, 7.0)]
    public void TruncNormPpf_stays_inside_and_inverts_the_truncated_cdf(double a, double b)
    {
        double mass = Math.Exp(NormalMath.LogGaussMass(a, b));
        for (double u = 0.05; u < 1; u += 0.1)
        {
            double x = NormalMath.TruncNormPpf(u, a, b);
            Assert.InRange(x, a, b);
            // Φ(x) − Φ(a) = u·mass, checked in log space (the tails cannot be subtracted directly).
            double lhs = NormalMath.LogGaussMass(a, x);
            Assert.True(Math.Abs(lhs - (Math.Log(u) + Math.Log(mass))) < 1e-9 * Math.Max(1, Math.Abs(lhs)), $"u={u} x={x}");
        }
        Assert.Equal(a, NormalMath.TruncNormPpf(0, a, b));
        Assert.Equal(b, NormalMath.TruncNormPpf(1, a, b));
    }

    [Theory]
    [InlineData(0.0, 0.01)]
    [InlineData(3.0, 0.01)]
    [InlineData(-9.9, 0.01)]
    [InlineData(0.5, 0.001)]
    [InlineData(-40.0, 0.0025)]
    [InlineData(2.0, 0.5)]   // too wide for the series: exact path
    public void LogGaussMassFast_agrees_with_the_exact_mass(double mid, double width)
    {
        double a = mid - width / 2, b = mid + width / 2;
        Rel(NormalMath.LogGaussMass(a, b), NormalMath.LogGaussMassFast(a, b), 1e-11);
    }
}
