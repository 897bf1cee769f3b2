using Quarry.Analytics.Metrics.Internal;

namespace Quarry.Analytics.Tests.Metrics;

/// <summary>The normal CDF and its inverse against the spec's constant and an independent numerical integration.</summary>
public class NormalTests
{
    [Fact]
    public void Inverse_cdf_of_five_percent_matches_the_spec()
    {
        // spec §1: Φ⁻¹(0.05) = −1.6448536269514722
        Approx.Equal(-1.6448536269514722, Normal.InverseCdf(0.05), 1e-15);
        Approx.Equal(1.6448536269514722, Normal.InverseCdf(0.95), 1e-15);
        Approx.Equal(-2.3263478740408408, Normal.InverseCdf(0.01), 1e-14);   // Φ⁻¹(0.01)
        Assert.Equal(0, Normal.InverseCdf(0.5));
        Assert.Equal(double.NegativeInfinity, Normal.InverseCdf(0));
        Assert.True(double.IsNaN(Normal.InverseCdf(1.5)));
    }

    [Theory]
    [InlineData(-6.0)]
    [InlineData(-3.5)]
    [InlineData(-1.96)]
    [InlineData(-0.3)]
    [InlineData(0.0)]
    [InlineData(0.5463)]
    [InlineData(2.9)]
    [InlineData(4.2)]
    public void Cdf_matches_numerical_integration(double x)
    {
        Approx.Equal(Reference.NormalCdf(x), Normal.Cdf(x), 1e-12, 1e-15);
    }

    [Theory]
    [InlineData(1e-10)]
    [InlineData(0.001)]
    [InlineData(0.2)]
    [InlineData(0.7)]
    [InlineData(0.999)]
    public void Inverse_cdf_round_trips(double p)
    {
        Approx.Equal(p, Normal.Cdf(Normal.InverseCdf(p)), 1e-13);
    }
}
