using Quarry.Analytics.Metrics;
using static Quarry.Analytics.Tests.Metrics.Fixtures;

namespace Quarry.Analytics.Tests.Metrics;

/// <summary>Golden values for pandas' bias-corrected skew and excess kurtosis (spec §5.4).</summary>
public class DistributionTests
{
    [Fact]
    public void Symmetric_series_has_zero_skew()
    {
        // A's deviations are ±0.015, ±0.025, ±0.005, ±0.035: S3 = 0
        Approx.Equal(0, Stats.Skew(A), 0, 1e-12);
    }

    [Fact]
    public void Kurtosis_is_the_bias_corrected_excess_G2()
    {
        // S4 = 2(0.015⁴ + 0.025⁴ + 0.005⁴ + 0.035⁴) = 2(5.0625e-8 + 3.90625e-7 + 6.25e-10 + 1.500625e-6) = 3.885e-6, S2 = 0.0042
        // G2 = 8·9·7 · 3.885e-6 / (6·5 · 0.0042²) − 3·7² / (6·5) = 1.95804e-3 / 5.292e-4 − 4.9 = 3.7 − 4.9 = −1.2
        Approx.Equal(-1.2, Stats.Kurtosis(A), 1e-12);
    }

    [Fact]
    public void Skewed_series()
    {
        // [0.01, 0.02, −0.03, 0.04, 0.01]: mean 0.01, deviations 0, 0.01, −0.04, 0.03, 0
        // S2 = 0.0001 + 0.0016 + 0.0009 = 0.0026; S3 = 1e-6 − 6.4e-5 + 2.7e-5 = −3.6e-5; S4 = 1e-8 + 2.56e-6 + 8.1e-7 = 3.38e-6
        // G1 = 5·√4/3 · (−3.6e-5) / 0.0026^1.5 = (10/3)(−3.6e-5)/1.3257451e-4 = −0.9051513929
        // G2 = 5·6·4 · 3.38e-6 / (3·2 · 0.0026²) − 3·16/6 = 4.056e-4 / 4.056e-5 − 8 = 2
        double[] s = [0.01, 0.02, -0.03, 0.04, 0.01];
        Approx.Equal(10.0 / 3 * -3.6e-5 / Math.Pow(0.0026, 1.5), Stats.Skew(s), 1e-11);
        Approx.Equal(-0.9051513929454653, Stats.Skew(s), 1e-10);
        Approx.Equal(2, Stats.Kurtosis(s), 1e-11);
    }

    [Fact]
    public void Too_few_values_or_no_dispersion()
    {
        Assert.True(double.IsNaN(Stats.Skew([0.01, 0.02])));             // n < 3
        Assert.True(double.IsNaN(Stats.Kurtosis([0.01, 0.02, 0.03])));   // n < 4
        Assert.Equal(0, Stats.Skew([0.01, 0.01, 0.01]));                 // S2 = 0
        Assert.Equal(0, Stats.Kurtosis([0.01, 0.01, 0.01, 0.01]));       // denominator 0
    }

    [Fact]
    public void Sums_below_pandas_noise_floor_count_as_zero()
    {
        // pandas zeroes S2, S3 below 1e-14 (nanops._zero_out_fperr): the skewed series above scaled by 1e-6 has
        // S2 = 2.6e-15 < 1e-14 → skew 0 (not −0.905)
        Assert.Equal(0, Stats.Skew([1e-8, 2e-8, -3e-8, 4e-8, 1e-8]));
    }
}
