using static Quarry.Core.Tests.AssertEx;

namespace Quarry.Core.Tests;

/// <summary>Golden values worked out by hand on small inputs (arithmetic in the comments).</summary>
public class IndicatorsTests
{
    static readonly double[] OneToSix = [1, 2, 3, 4, 5, 6];
    static readonly double[] Wave = [2, 4, 6, 8, 4, 10];

    static double[] Run(Action<double[]> kernel, int n)
    {
        var d = new double[n];
        kernel(d);
        return d;
    }

    [Fact]
    public void Sma3_of_one_to_six_is_the_window_means()
    {
        // (1+2+3)/3 = 2, (2+3+4)/3 = 3, (3+4+5)/3 = 4, (4+5+6)/3 = 5
        Close([N, N, 2, 3, 4, 5], Run(d => Indicators.Sma(OneToSix, 3, d), 6), 1e-15);
    }

    [Fact]
    public void Sma1_is_the_input()
    {
        Close(Wave, Run(d => Indicators.Sma(Wave, 1, d), 6), 0);
    }

    [Fact]
    public void Ema3_is_seeded_with_the_sma_then_smoothed_with_alpha_one_half()
    {
        // alpha = 2/(3+1) = 0.5; seed at index 2 = (2+4+6)/3 = 4
        // i=3: 4 + 0.5·(8-4) = 6;  i=4: 6 + 0.5·(4-6) = 5;  i=5: 5 + 0.5·(10-5) = 7.5
        Close([N, N, 4, 6, 5, 7.5], Run(d => Indicators.Ema(Wave, 3, d), 6), 1e-15);
    }

    [Fact]
    public void Ema_skips_leading_NaNs_and_a_later_NaN_poisons_the_rest()
    {
        // Leading NaNs: seeded at index 4 with (2+4+6)/3 = 4, then 4 + 0.5·(8-4) = 6.
        Close([N, N, N, N, 4, 6], Run(d => Indicators.Ema([N, N, 2, 4, 6, 8], 3, d), 6), 1e-15);
        Close([N, N, 4, N, N, N], Run(d => Indicators.Ema([2, 4, 6, N, 4, 10], 3, d), 6), 1e-15);
    }

    [Fact]
    public void Wma3_weights_the_newest_value_three_times()
    {
        // denominator 1+2+3 = 6
        // i=2: (1·2 + 2·4 + 3·6)/6 = 28/6;  i=3: (1·4 + 2·6 + 3·8)/6 = 40/6
        // i=4: (1·6 + 2·8 + 3·4)/6 = 34/6;  i=5: (1·8 + 2·4 + 3·10)/6 = 46/6
        Close([N, N, 28 / 6.0, 40 / 6.0, 34 / 6.0, 46 / 6.0], Run(d => Indicators.Wma(Wave, 3, d), 6), 1e-15);
    }

    [Fact]
    public void Rsi3_follows_Wilder_smoothing()
    {
        double[] x = [10, 11, 10.5, 12, 11, 11.5, 13];
        // changes: +1, -0.5, +1.5, -1, +0.5, +1.5
        // seed (index 3): avgGain = (1+1.5)/3 = 5/6, avgLoss = 0.5/3 = 1/6, RS = 5, RSI = 100 - 100/6 = 250/3
        // i=4 (-1):   G = (5/6·2 + 0)/3 = 5/9,    L = (1/6·2 + 1)/3 = 4/9,   RS = 5/4,    RSI = 100 - 100/2.25 = 500/9
        // i=5 (+0.5): G = (5/9·2 + 0.5)/3 = 29/54, L = (4/9·2)/3 = 16/54,    RS = 29/16,  RSI = 100 - 100·16/45 = 580/9
        // i=6 (+1.5): G = (29/54·2 + 1.5)/3 = 139/162, L = (16/54·2)/3 = 32/162, RS = 139/32, RSI = 100·139/171
        Close([N, N, N, 250 / 3.0, 500 / 9.0, 580 / 9.0, 13900 / 171.0], Run(d => Indicators.Rsi(x, 3, d), 7), 1e-12);
    }

    [Fact]
    public void Rsi_is_100_without_losses_and_50_when_flat()
    {
        Close([N, N, 100, 100], Run(d => Indicators.Rsi([1, 2, 3, 4], 2, d), 4), 0);
        Close([N, N, 50, 50], Run(d => Indicators.Rsi([5, 5, 5, 5], 2, d), 4), 0);
        // all losses: avgGain 0, RS = 0, RSI = 0
        Close([N, N, 0, 0], Run(d => Indicators.Rsi([4, 3, 2, 1], 2, d), 4), 0);
    }

    // Five hand-made bars (H, L, C): (10, 8, 9) (11, 9.5, 10.5) (10.8, 9, 9.2) (12, 11, 11.5) (11.8, 10, 10.2)
    static readonly double[] H = [10, 11, 10.8, 12, 11.8], L = [8, 9.5, 9, 11, 10], C = [9, 10.5, 9.2, 11.5, 10.2];

    [Fact]
    public void TrueRange_uses_the_previous_close_for_gaps()
    {
        // i=0: 10-8 = 2
        // i=1: max(11-9.5, |11-9|, |9.5-9|)        = max(1.5, 2, 0.5)   = 2
        // i=2: max(10.8-9, |10.8-10.5|, |9-10.5|)  = max(1.8, 0.3, 1.5) = 1.8
        // i=3: max(12-11, |12-9.2|, |11-9.2|)      = max(1, 2.8, 1.8)   = 2.8 (gap up)
        // i=4: max(11.8-10, |11.8-11.5|, |10-11.5|) = max(1.8, 0.3, 1.5) = 1.8
        Close([2, 2, 1.8, 2.8, 1.8], Run(d => Indicators.TrueRange(H, L, C, d), 5), 1e-12);
    }

    [Fact]
    public void Atr3_starts_at_index_3_with_the_mean_true_range_then_Wilder_smooths()
    {
        // index 3: (TR1 + TR2 + TR3)/3 = (2 + 1.8 + 2.8)/3 = 2.2;  index 4: (2.2·2 + 1.8)/3 = 6.2/3
        Close([N, N, N, 2.2, 6.2 / 3], Run(d => Indicators.Atr(H, L, C, 3, d), 5), 1e-12);
    }

    [Fact]
    public void Bollinger3_width2_uses_the_population_deviation()
    {
        // windows of Wave: (2,4,6) mean 4, var (4+0+4)/3 = 8/3;  (4,6,8) mean 6, var 8/3;  (6,8,4) mean 6, var 8/3
        // (8,4,10): mean 22/3, deviations 2/3, -10/3, 8/3 → var (4+100+64)/27 = 56/9
        double s1 = Math.Sqrt(8 / 3.0), s2 = Math.Sqrt(56 / 9.0);
        double[] u = new double[6], m = new double[6], l = new double[6];
        Indicators.Bollinger(Wave, 3, 2, u, m, l);
        Close([N, N, 4, 6, 6, 22 / 3.0], m, 1e-14);
        Close([N, N, 4 + 2 * s1, 6 + 2 * s1, 6 + 2 * s1, 22 / 3.0 + 2 * s2], u, 1e-14);
        Close([N, N, 4 - 2 * s1, 6 - 2 * s1, 6 - 2 * s1, 22 / 3.0 - 2 * s2], l, 1e-14);
        Assert.Equal(Run(d => Indicators.Sma(Wave, 3, d), 6), m);   // bit-identical to SMA
    }

    [Fact]
    public void RollingStd3_population_and_sample()
    {
        // (2,4,6): population sqrt(8/3), sample sqrt(8/2) = 2; (8,4,10): sum of squares 168/9 → sample sqrt(168/18)
        Close([N, N, Math.Sqrt(8 / 3.0), Math.Sqrt(8 / 3.0), Math.Sqrt(8 / 3.0), Math.Sqrt(56 / 9.0)],
            Run(d => Indicators.RollingStd(Wave, 3, d), 6), 1e-14);
        Close([N, N, 2, 2, 2, Math.Sqrt(168 / 18.0)], Run(d => Indicators.RollingStd(Wave, 3, d, ddof: 1), 6), 1e-14);
    }

    [Fact]
    public void RollingStd_of_a_flat_window_is_exactly_zero()
    {
        double[] x = [0.1, 0.7, 0.3, 0.3, 0.3, 0.3, 1e9, 1e9, 1e9];
        double[] d = Run(k => Indicators.RollingStd(x, 3, k), 9);
        Assert.Equal(0, d[4]);
        Assert.Equal(0, d[5]);
        Assert.Equal(0, d[8]);
    }

    [Fact]
    public void ZScore3_divides_the_deviation_by_the_population_std_and_is_zero_when_flat()
    {
        // i=2: (6-4)/sqrt(8/3) = sqrt(1.5);  i=3: (8-6)/sqrt(8/3) = sqrt(1.5);  i=4: (4-6)/sqrt(8/3) = -sqrt(1.5)
        // i=5: (10 - 22/3)/sqrt(56/9) = (8/3)/(sqrt(56)/3) = 8/sqrt(56)
        double r = Math.Sqrt(1.5);
        Close([N, N, r, r, -r, 8 / Math.Sqrt(56)], Run(d => Indicators.ZScore(Wave, 3, d), 6), 1e-14);
        Close([N, N, 0, 0], Run(d => Indicators.ZScore([0.1, 0.1, 0.1, 0.1], 3, d), 4), 0);
    }

    [Fact]
    public void Roc2_is_a_fraction()
    {
        // 121/100 - 1 = 0.21;  99/110 - 1 = -0.1;  108.9/121 - 1 = -0.1
        Close([N, N, 0.21, -0.1, -0.1], Run(d => Indicators.Roc([100, 110, 121, 99, 108.9], 2, d), 5), 1e-12);
    }

    [Fact]
    public void Highest_and_Lowest_track_a_zigzag()
    {
        double[] zig = [1, 5, 2, 6, 3, 7, 1, 2, 0];
        // windows: [1,5,2] [5,2,6] [2,6,3] [6,3,7] [3,7,1] [7,1,2] [1,2,0]
        Close([N, N, 5, 6, 6, 7, 7, 7, 2], Run(d => Indicators.Highest(zig, 3, d), 9), 0);
        Close([N, N, 1, 2, 2, 3, 1, 1, 0], Run(d => Indicators.Lowest(zig, 3, d), 9), 0);
        Close(zig, Run(d => Indicators.Highest(zig, 1, d), 9), 0);
    }

    [Fact]
    public void Window_kernels_output_NaN_while_a_NaN_is_in_the_window()
    {
        double[] x = [1, 2, 3, N, 5, 6, 7, 8];
        // windows of 3 containing index 3 are those ending at 3, 4, 5
        Close([N, N, 2, N, N, N, 6, 7], Run(d => Indicators.Sma(x, 3, d), 8), 1e-15);
        Close([N, N, 3, N, N, N, 7, 8], Run(d => Indicators.Highest(x, 3, d), 8), 0);
        Close([N, N, 1, N, N, N, 5, 6], Run(d => Indicators.Lowest(x, 3, d), 8), 0);
        Close([N, N, 14 / 6.0, N, N, N, 38 / 6.0, 44 / 6.0], Run(d => Indicators.Wma(x, 3, d), 8), 1e-15);
        double s = Math.Sqrt(2 / 3.0);
        Close([N, N, s, N, N, N, s, s], Run(d => Indicators.RollingStd(x, 3, d), 8), 1e-14);
    }

    [Fact]
    public void Macd_is_the_ema_difference_and_the_signal_is_an_ema_of_it()
    {
        double[] x = new double[60];
        for (int i = 0; i < x.Length; i++) x[i] = 100 + 10 * Math.Sin(i / 5.0) + i * 0.3;
        double[] macd = new double[60], signal = new double[60], hist = new double[60];
        Indicators.Macd(x, 12, 26, 9, macd, signal, hist);

        double[] fast = Run(d => Indicators.Ema(x, 12, d), 60), slow = Run(d => Indicators.Ema(x, 26, d), 60);
        for (int i = 0; i < 60; i++)
        {
            Assert.Equal(fast[i] - slow[i], macd[i]);
            Assert.Equal(macd[i] - signal[i], hist[i]);
        }
        // MACD defined from index 25; the signal EMA is seeded with macd[25..33], so it starts at index 33.
        Assert.True(double.IsNaN(macd[24]) && !double.IsNaN(macd[25]));
        Assert.True(double.IsNaN(signal[32]) && !double.IsNaN(signal[33]));
        double seed = 0;
        for (int i = 25; i <= 33; i++) seed += macd[i];
        Assert.Equal(seed / 9, signal[33], 1e-12);
        Assert.Equal(signal[33] + 0.2 * (macd[34] - signal[33]), signal[34], 1e-12);   // alpha = 2/(9+1)
        double[] expectedSignal = Naive.Nans(60);
        Indicators.Ema(macd.AsSpan(25), 9, expectedSignal.AsSpan(25));
        Assert.Equal(expectedSignal, signal);
    }

    [Fact]
    public void Kernels_on_inputs_shorter_than_the_period_output_only_NaN()
    {
        double[] x = [1, 2];
        Close([N, N], Run(d => Indicators.Sma(x, 5, d), 2));
        Close([N, N], Run(d => Indicators.Ema(x, 5, d), 2));
        Close([N, N], Run(d => Indicators.Rsi(x, 5, d), 2));
        Close([N, N], Run(d => Indicators.Atr(x, x, x, 5, d), 2));
        Close([N, N], Run(d => Indicators.Highest(x, 500, d), 2));
        Indicators.Sma([], 3, []);   // empty input writes nothing
    }

    [Fact]
    public void Longer_destination_is_written_only_up_to_the_source_length()
    {
        double[] d = [9, 9, 9, 9];
        Indicators.Sma([1, 2, 3], 2, d);
        Close([N, 1.5, 2.5, 9], d, 0);
    }

    [Fact]
    public void Invalid_arguments_throw()
    {
        double[] x = [1, 2, 3], d = new double[3], shortD = new double[2];
        Assert.Throws<ArgumentOutOfRangeException>(() => Indicators.Sma(x, 0, d));
        Assert.Throws<ArgumentOutOfRangeException>(() => Indicators.Ema(x, -1, d));
        Assert.Throws<ArgumentOutOfRangeException>(() => Indicators.Macd(x, 12, 0, 9, d, new double[3], new double[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Indicators.RollingStd(x, 3, d, ddof: 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Indicators.Bollinger(x, 3, double.NaN, d, new double[3], new double[3]));
        Assert.Throws<ArgumentException>(() => Indicators.Sma(x, 2, shortD));
        Assert.Throws<ArgumentException>(() => Indicators.Highest(x, 2, shortD));
        Assert.Throws<ArgumentException>(() => Indicators.Atr(x, x, shortD, 2, d));   // inputs of different lengths
        Assert.Throws<ArgumentException>(() => Indicators.Crossings(x, shortD, d));
        Assert.Throws<ArgumentException>(() => Indicators.Sma(x, 2, x));               // in place
        Assert.Throws<ArgumentException>(() => Indicators.Bollinger(x, 2, 2, d, d, new double[3]));
    }
}
