namespace Quarry.Analytics.Tests.Metrics;

/// <summary>Floating-point assertions: NaN equals NaN, infinities compare exactly, finite values within a relative tolerance.</summary>
internal static class Approx
{
    public static void Equal(double expected, double actual, double relative = 1e-12, double absolute = 1e-15)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), $"expected NaN, got {actual:R}");
            return;
        }
        if (double.IsInfinity(expected))
        {
            Assert.Equal(expected, actual);
            return;
        }
        double tolerance = Math.Max(absolute, relative * Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance,
            $"expected {expected:R}, got {actual:R} (|difference| {Math.Abs(expected - actual):E3} > tolerance {tolerance:E3})");
    }
}
