namespace Quarry.Core.Tests;

/// <summary>Indicators on samples/data/orcl-1995-2014.txt: spot values from the first rows and naive cross-checks.</summary>
public class IndicatorsOrclTests
{
    static readonly OrclBars Bars = OrclBars.Instance;

    static double[] Run(Action<double[]> kernel)
    {
        var d = new double[Bars.Close.Length];
        kernel(d);
        return d;
    }

    [Fact]
    public void File_has_the_expected_rows()
    {
        Assert.Equal(5036, Bars.Close.Length);
        Assert.Equal(2.117284, Bars.Close[0]);
        Assert.Equal(44.970001, Bars.Close[^1]);
    }

    [Fact]
    public void TrueRange_spot_values_from_the_first_rows()
    {
        double[] tr = Run(d => Indicators.TrueRange(Bars.High, Bars.Low, Bars.Close, d));
        // 1995-01-03: 2.191358 - 2.117284 = 0.074074
        Assert.Equal(0.074074, tr[0], 1e-12);
        // 1995-01-04: max(2.148148-2.092592, |2.148148-2.117284|, |2.092592-2.117284|) = max(0.055556, 0.030864, 0.024692)
        Assert.Equal(0.055556, tr[1], 1e-12);
        // 1995-01-09 (gap up): max(2.179012-2.129630, |2.179012-2.117284|, |2.129630-2.117284|) = max(0.049382, 0.061728, 0.012346)
        Assert.Equal(0.061728, tr[4], 1e-12);
    }

    [Fact]
    public void Atr14_spot_values_from_the_first_rows()
    {
        double[] atr = Run(d => Indicators.Atr(Bars.High, Bars.Low, Bars.Close, 14, d));
        // TR[1..14] = 0.055556 0.061728 0.092593 0.061728 0.037037 0.117284 0.043210
        //             0.070988 0.104938 0.074074 0.030864 0.098765 0.086419 0.070988   sum = 1.006172
        Assert.True(double.IsNaN(atr[13]));
        Assert.Equal(1.006172 / 14, atr[14], 1e-12);
        // 1995-01-24: TR = max(2.135803-2.086420, |2.135803-2.123457|, |2.086420-2.123457|) = 0.049383
        Assert.Equal((1.006172 / 14 * 13 + 0.049383) / 14, atr[15], 1e-12);
    }

    [Fact]
    public void Rsi14_spot_values_from_the_first_rows()
    {
        double[] rsi = Run(d => Indicators.Rsi(Bars.Close, 14, d));
        // close changes 1..14: +0.018519 -0.043211 +0.024692 +0.061728 +0.006173 -0.064815 -0.015432
        //                      -0.024691 -0.012346 +0.074074 -0.006172 +0.074074 -0.040124 -0.046296
        // gains 0.259260, losses 0.253087 → RS = 0.25926/0.253087, RSI = 100 - 100/(1+RS) ≈ 50.6024
        double g = 0.259260 / 14, l = 0.253087 / 14;
        Assert.True(double.IsNaN(rsi[13]));
        Assert.Equal(100 - 100 / (1 + g / l), rsi[14], 1e-9);
        // 1995-01-24: change -0.006173
        double g2 = g * 13 / 14, l2 = (l * 13 + 0.006173) / 14;
        Assert.Equal(100 - 100 / (1 + g2 / l2), rsi[15], 1e-9);
    }

    [Fact]
    public void Sma3_spot_value()
    {
        // (2.117284 + 2.135803 + 2.092592)/3 = 6.345679/3
        Assert.Equal(6.345679 / 3, Run(d => Indicators.Sma(Bars.Close, 3, d))[2], 1e-12);
    }

    [Fact]
    public void Rsi14_matches_a_naive_reimplementation()
    {
        AssertEx.Close(Naive.Rsi(Bars.Close, 14), Run(d => Indicators.Rsi(Bars.Close, 14, d)));
    }

    [Fact]
    public void Atr14_matches_a_naive_reimplementation()
    {
        AssertEx.Close(Naive.Atr(Bars.High, Bars.Low, Bars.Close, 14),
            Run(d => Indicators.Atr(Bars.High, Bars.Low, Bars.Close, 14, d)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(20)]
    [InlineData(200)]
    [InlineData(300)]
    public void Window_kernels_match_naive_reimplementations(int period)
    {
        double[] c = Bars.Close;
        AssertEx.Close(Naive.Sma(c, period), Run(d => Indicators.Sma(c, period, d)));
        AssertEx.Close(Naive.Wma(c, period), Run(d => Indicators.Wma(c, period, d)));
        AssertEx.Close(Naive.Std(c, period), Run(d => Indicators.RollingStd(c, period, d)));
        AssertEx.Close(Naive.Highest(c, period, max: true), Run(d => Indicators.Highest(c, period, d)), 0);
        AssertEx.Close(Naive.Highest(c, period, max: false), Run(d => Indicators.Lowest(c, period, d)), 0);
        if (period > 1) AssertEx.Close(Naive.Std(c, period, ddof: 1), Run(d => Indicators.RollingStd(c, period, d, 1)));
        double[] upper = new double[c.Length], middle = new double[c.Length], lower = new double[c.Length];
        Indicators.Bollinger(c, period, 2, upper, middle, lower);
        Assert.Equal(Run(d => Indicators.Sma(c, period, d)), middle);   // bit-identical
        double[] std = Naive.Std(c, period);
        for (int i = period - 1; i < c.Length; i++) Assert.Equal(middle[i] + 2 * std[i], upper[i], 1e-9);
    }
}
