namespace Quarry.Core.Tests;

/// <summary>Running sums stay within 1e-9 (relative) of naive window computations over long series.</summary>
public class IndicatorsAccuracyTests
{
    const int Length = 1_000_000;

    /// <summary>Geometric random walk from 100 with 1 % daily moves.</summary>
    static double[] RandomWalk(int seed)
    {
        var random = new Random(seed);
        var x = new double[Length];
        double price = 100;
        for (int i = 0; i < Length; i++)
        {
            double gauss = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            price *= Math.Exp(0.01 * gauss);
            x[i] = price;
        }
        return x;
    }

    /// <summary>Blocks of 1000 values alternating between ~1e9 and ~1: large values leaving the window must leave no residue.</summary>
    static double[] LevelShifts(int seed)
    {
        var random = new Random(seed);
        var x = new double[Length];
        for (int i = 0; i < Length; i++)
            x[i] = (i / 1000 % 2 == 0 ? 1e9 : 1) * (1 + 0.01 * random.NextDouble());
        return x;
    }

    static double[] Kernel(double[] x, Action<double[], double[]> kernel)
    {
        var d = new double[x.Length];
        kernel(x, d);
        return d;
    }

    [Theory]
    [InlineData(50)]
    [InlineData(7)]
    public void Sma_Wma_and_Std_of_a_long_random_walk_do_not_drift(int period)
    {
        double[] x = RandomWalk(42);
        AssertEx.Close(Naive.Sma(x, period), Kernel(x, (s, d) => Indicators.Sma(s, period, d)), 1e-9);
        AssertEx.Close(Naive.Wma(x, period), Kernel(x, (s, d) => Indicators.Wma(s, period, d)), 1e-9);
        AssertRelative(Naive.Std(x, period), Kernel(x, (s, d) => Indicators.RollingStd(s, period, d)), 1e-9);
    }

    [Theory]
    [InlineData(30, 7)]
    [InlineData(7, 8)]
    [InlineData(257, 9)]
    public void Sma_Wma_and_Std_recover_exactly_after_huge_values_leave_the_window(int period, int seed)
    {
        double[] x = LevelShifts(seed);
        AssertRelative(Naive.Sma(x, period), Kernel(x, (s, d) => Indicators.Sma(s, period, d)), 1e-9);
        AssertRelative(Naive.Wma(x, period), Kernel(x, (s, d) => Indicators.Wma(s, period, d)), 1e-9);
        AssertRelative(Naive.Std(x, period), Kernel(x, (s, d) => Indicators.RollingStd(s, period, d)), 1e-9);
    }

    /// <summary>|actual - expected| ≤ tolerance·|expected| everywhere (NaN positions must agree).</summary>
    static void AssertRelative(double[] expected, double[] actual, double tolerance)
    {
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            if (double.IsNaN(expected[i]))
            {
                Assert.True(double.IsNaN(actual[i]), $"index {i}: expected NaN, actual {actual[i]}");
                continue;
            }
            double error = Math.Abs(actual[i] - expected[i]) / Math.Abs(expected[i]);
            if (!(error <= worst)) { worst = error; at = i; }
        }
        Assert.True(worst <= tolerance, $"worst relative error {worst:E2} at index {at}");
    }
}
