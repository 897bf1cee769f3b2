namespace Quarry.Core.Tests;

/// <summary>Kernels against naive definitions on random series with ties and NaN gaps.</summary>
public class IndicatorsRandomizedTests
{
    /// <summary>Small integers (many ties) with about 3 % NaNs.</summary>
    static double[] Noisy(int seed, int n)
    {
        var random = new Random(seed);
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = random.NextDouble() < 0.03 ? double.NaN : random.Next(-3, 4);
        return x;
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(3, 10)]
    [InlineData(4, 300)]
    public void Highest_and_Lowest_match_naive_with_NaN_gaps(int seed, int period)
    {
        double[] x = Noisy(seed, 3000), d = new double[x.Length];
        Indicators.Highest(x, period, d);
        AssertEx.Close(Naive.Highest(x, period, max: true), d, 0);
        Indicators.Lowest(x, period, d);
        AssertEx.Close(Naive.Highest(x, period, max: false), d, 0);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public void Crossings_match_a_look_back_definition(int seed)
    {
        double[] a = Noisy(seed, 3000), b = Noisy(seed + 100, 3000), d = new double[a.Length];
        Indicators.Crossings(a, b, d);
        for (int i = 0; i < a.Length; i++)
        {
            double now = a[i] - b[i], before = 0;
            for (int k = i - 1; k >= 0 && before == 0; k--)
                if (!double.IsNaN(a[k] - b[k])) before = a[k] - b[k];
            double expected = now > 0 && before < 0 ? 1 : now < 0 && before > 0 ? -1 : 0;
            Assert.True(expected == d[i], $"index {i}: expected {expected}, actual {d[i]}");
        }
    }

    [Fact]
    public void Sma_Wma_Std_and_ZScore_match_naive_with_NaN_gaps()
    {
        double[] x = Noisy(11, 2000), d = new double[x.Length];
        for (int period = 1; period <= 12; period++)
        {
            double[] sma = Naive.Sma(x, period), std = Naive.Std(x, period);
            Indicators.Sma(x, period, d);
            AssertEx.Close(sma, d, 1e-12);
            Indicators.Wma(x, period, d);
            AssertEx.Close(Naive.Wma(x, period), d, 1e-12);
            Indicators.RollingStd(x, period, d);
            AssertEx.Close(std, d, 1e-12);
            Indicators.ZScore(x, period, d);
            for (int i = 0; i < x.Length; i++)
            {
                double z = double.IsNaN(sma[i]) ? double.NaN : std[i] < 1e-12 ? 0 : (x[i] - sma[i]) / std[i];
                AssertEx.Close([z], [d[i]], 1e-9);
            }
        }
    }
}
