using Quarry.Analytics.Metrics;
using static Quarry.Analytics.Tests.Metrics.Fixtures;

namespace Quarry.Analytics.Tests.Metrics;

/// <summary>Rolling series (spec §5.7, §5.6 rolling_greeks): hand values, NaN warm-up, and agreement with window-by-window recomputation.</summary>
public class RollingTests
{
    /// <summary>The statistic recomputed from scratch on every trailing window: the plain definition, no sliding sums.</summary>
    static double[] Brute(double[] r, int window, Func<double[], double> statistic)
    {
        var result = new double[r.Length];
        for (int t = 0; t < r.Length; t++)
            result[t] = t < window - 1 ? double.NaN : statistic(r[(t - window + 1)..(t + 1)]);
        return result;
    }

    [Fact]
    public void Rolling_sharpe_of_a_three_row_window()
    {
        var destination = new double[A.Length];
        Rolling.Sharpe(A, 3, 252, destination);
        Assert.True(double.IsNaN(destination[0]) && double.IsNaN(destination[1]));
        // window [0.02, −0.01, 0.03]: mean 0.04/3 = 0.0133333; deviations 0.0066667, −0.0233333, 0.0166667;
        // Σ² = 4.4444e-5 + 5.4444e-4 + 2.7778e-4 = 8.6667e-4; std = √(8.6667e-4 / 2) = 0.0208167;
        // 0.0133333 / 0.0208167 · √252 = 0.6405126 · 15.8745079 = 10.1677630
        Approx.Equal(0.04 / 3 / Math.Sqrt(8.6666666666666667e-4 / 2) * Sqrt252, destination[2], 1e-11);
        var expected = Brute(A, 3, w => Reference.Mean(w) / Reference.Std(w) * Sqrt252);
        for (int t = 2; t < A.Length; t++) Approx.Equal(expected[t], destination[t], 1e-11);
    }

    [Fact]
    public void Rolling_volatility_is_the_windowed_std_annualised()
    {
        var destination = new double[A.Length];
        Rolling.Volatility(A, 4, 252, destination);
        var expected = Brute(A, 4, w => Reference.Std(w) * Sqrt252);
        for (int t = 0; t < A.Length; t++) Approx.Equal(expected[t], destination[t], 1e-11);
        // window [0.02, −0.01, 0.03, −0.02]: mean 0.005, Σ dev² = 0.015² + 0.015² + 0.025² + 0.025² = 0.0017 → √(0.0017/3) · √252
        Approx.Equal(Math.Sqrt(0.0017 / 3 * 252), destination[3], 1e-12);
    }

    [Fact]
    public void Rolling_sortino_divides_by_the_window_length()
    {
        var destination = new double[A.Length];
        Rolling.Sortino(A, 3, 252, destination);
        // window [0.02, −0.01, 0.03]: DD = √(0.0001 / 3) = 0.0057735; 0.0133333 / 0.0057735 · √252 = 2.3094011 · 15.8745 = 36.660606
        Approx.Equal(0.04 / 3 / Math.Sqrt(0.0001 / 3) * Sqrt252, destination[2], 1e-11);
        // window [−0.01, 0.03, −0.02]: mean 0 → 0
        Approx.Equal(0, destination[3], 0, 1e-12);
        var expected = Brute(A, 3, w =>
        {
            double squares = 0;
            foreach (double v in w) squares += v < 0 ? v * v : 0;
            return Reference.Mean(w) / Math.Sqrt(squares / w.Length) * Sqrt252;
        });
        for (int t = 2; t < A.Length; t++) Approx.Equal(expected[t], destination[t], 1e-11);
    }

    [Fact]
    public void Rolling_sortino_without_a_loss_is_infinite_as_pandas_divides()
    {
        var destination = new double[4];
        Rolling.Sortino([0.01, 0.02, 0.03, 0.0], 2, 252, destination);
        Assert.Equal(double.PositiveInfinity, destination[1]);
        Assert.Equal(double.PositiveInfinity, destination[3]);
    }

    [Fact]
    public void Rolling_sharpe_de_annualises_rf_with_the_window_length()
    {
        // QuantStats quirk (spec §7.13): rf_w = (1 + rf)^(1/window) − 1, here (1.05)^(1/3) − 1 = 0.016396
        var destination = new double[A.Length];
        Rolling.Sharpe(A, 3, 252, destination, rf: 0.05);
        double rfw = Math.Pow(1.05, 1.0 / 3) - 1;
        var expected = Brute(A, 3, w => (Reference.Mean(w) - rfw) / Reference.Std(w) * Sqrt252);
        for (int t = 2; t < A.Length; t++) Approx.Equal(expected[t], destination[t], 1e-11);
    }

    [Fact]
    public void Rolling_beta_is_window_covariance_over_window_variance()
    {
        var destination = new double[A.Length];
        Rolling.Beta(A, B, 4, destination);
        for (int t = 0; t < 3; t++) Assert.True(double.IsNaN(destination[t]));
        // full window = whole series at t = 7 for window 8
        var whole = new double[A.Length];
        Rolling.Beta(A, B, 8, whole);
        Approx.Equal(0.0024 / 0.00155, whole[7], 1e-12);
        for (int t = 3; t < A.Length; t++)
        {
            double[] r = A[(t - 3)..(t + 1)], b = B[(t - 3)..(t + 1)];
            Approx.Equal(Reference.Corr(r, b) * Reference.Std(r) / Reference.Std(b), destination[t], 1e-11);
        }
    }

    [Fact]
    public void Rolling_beta_is_NaN_where_either_side_is_flat()
    {
        double[] r = [0.01, 0.02, -0.01, 0.0, 0.0, 0.0, 0.01];
        double[] b = [0.01, 0.01, 0.01, 0.02, -0.01, 0.03, 0.01];
        var destination = new double[r.Length];
        Rolling.Beta(r, b, 3, destination);
        Assert.True(double.IsNaN(destination[2]));   // benchmark flat over rows 0..2
        Assert.False(double.IsNaN(destination[3]));
        Assert.True(double.IsNaN(destination[5]));   // strategy flat over rows 3..5
        Assert.False(double.IsNaN(destination[6]));
    }

    [Fact]
    public void Rolling_alpha_uses_full_sample_means()
    {
        var beta = new double[A.Length];
        var alpha = new double[A.Length];
        Rolling.Beta(A, B, 4, beta);
        Rolling.Alpha(A, B, 4, alpha);
        for (int t = 3; t < A.Length; t++) Approx.Equal(0.005 - beta[t] * 0.0025, alpha[t], 1e-12);
    }

    [Fact]
    public void Constant_windows_have_zero_volatility_exactly()
    {
        double[] r = [0.02, -0.01, 0.01, 0.01, 0.01, 0.01, 0, 0, 0];
        var vol = new double[r.Length];
        var sharpe = new double[r.Length];
        Rolling.Volatility(r, 3, 252, vol);
        Rolling.Sharpe(r, 3, 252, sharpe);
        Assert.Equal(0, vol[4]);
        Assert.Equal(double.PositiveInfinity, sharpe[4]);   // 0.01 / 0
        Assert.True(double.IsNaN(sharpe[8]));               // 0 / 0
    }

    [Fact]
    public void Windows_holding_NaN_are_NaN_and_later_windows_recover()
    {
        double[] r = [0.01, 0.02, double.NaN, 0.03, -0.01, 0.02, 0.01];
        var destination = new double[r.Length];
        Rolling.Volatility(r, 2, 252, destination);
        Assert.False(double.IsNaN(destination[1]));
        Assert.True(double.IsNaN(destination[2]) && double.IsNaN(destination[3]));
        // [0.03, −0.01]: std = 0.02 · √2 ... = |0.04| / √2 = 0.0282843; × √252
        Approx.Equal(0.04 / Math.Sqrt(2) * Sqrt252, destination[4], 1e-12);
    }

    [Fact]
    public void Long_series_agree_with_recomputation_from_scratch()
    {
        double[] r = Random(5000);
        double[] b = Random(5000, seed: 11);
        int w = Rolling.DefaultWindow;
        var sharpe = new double[r.Length];
        var sortino = new double[r.Length];
        var vol = new double[r.Length];
        var beta = new double[r.Length];
        Rolling.Sharpe(r, w, 252, sharpe);
        Rolling.Sortino(r, w, 252, sortino);
        Rolling.Volatility(r, w, 252, vol);
        Rolling.Beta(r, b, w, beta);
        for (int t = w - 1; t < r.Length; t += 37)
        {
            double[] window = r[(t - w + 1)..(t + 1)], bw = b[(t - w + 1)..(t + 1)];
            Approx.Equal(Stats.Sharpe(window), sharpe[t], 1e-9);
            Approx.Equal(Stats.Sortino(window), sortino[t], 1e-9);
            Approx.Equal(Stats.Volatility(window), vol[t], 1e-9);
            Approx.Equal(Stats.Beta(window, bw), beta[t], 1e-9);
        }
    }

    [Fact]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Rolling.Sharpe(A, 0, 252, new double[A.Length]));
        Assert.Throws<ArgumentException>(() => Rolling.Volatility(A, 3, 252, new double[A.Length - 1]));
        Assert.Throws<ArgumentException>(() => Rolling.Beta(A, B[..4], 3, new double[A.Length]));
    }

    [Fact]
    public void Rolling_kernels_do_not_allocate()
    {
        double[] r = Random(2000), b = Random(2000, seed: 3);
        var destination = new double[r.Length];
        Run();   // JIT and first-use warm-up
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        void Run()
        {
            Rolling.Sharpe(r, 126, 252, destination);
            Rolling.Sortino(r, 126, 252, destination);
            Rolling.Volatility(r, 126, 252, destination);
            Rolling.Beta(r, b, 126, destination);
            _ = Stats.Sharpe(r) + Stats.Sortino(r) + Stats.MaxDrawdown(r) + Stats.TailRatio(r) + Stats.Beta(r, b)
                + Stats.SerenityIndex(r) + Stats.Kurtosis(r) + Stats.WinRate(r);
        }
    }
}
