using Quarry.Analytics.Metrics;
using static Quarry.Analytics.Tests.Metrics.Fixtures;

namespace Quarry.Analytics.Tests.Metrics;

/// <summary>
/// Golden values for the benchmark-relative metrics (spec §3, §4, §5.6, §6), A against B.
/// Deviations of A: .015, −.015, .025, −.025, .005, −.005, .035, −.035; of B (mean .0025): .0075, −.0125, .0175,
/// −.0125, −.0025, .0075, .0175, −.0225. Σ products = 0.0024; Σ B-deviations² = 0.00155; Σ A-deviations² = 0.0042.
/// </summary>
public class BenchmarkStatsTests
{
    const double BetaAB = 0.0024 / 0.00155;   // 48/31 = 1.5483870968

    [Fact]
    public void Beta_is_covariance_over_benchmark_variance()
    {
        Approx.Equal(BetaAB, Stats.Beta(A, B), 1e-12);
    }

    [Fact]
    public void Alpha_is_the_linearly_annualised_intercept()
    {
        // ᾱ = 0.005 − (48/31) · 0.0025 = 0.0011290323; alpha = 252 · ᾱ = 0.2845161290
        Approx.Equal(252 * (0.005 - BetaAB * 0.0025), Stats.Alpha(A, B), 1e-11);
    }

    [Fact]
    public void Alpha_compounded_compounds_the_intercept_over_a_year()
    {
        // (1 + 0.0011290323)^252 − 1 = 0.3289054532
        Approx.Equal(Math.Pow(1 + 0.005 - BetaAB * 0.0025, 252) - 1, Stats.AlphaCompounded(A, B), 1e-10);
        // empyrical risk_free is per period: (1 + mean(r − rf) − β·mean(b − rf))^252 − 1
        double rf = 0.0001;
        Approx.Equal(Math.Pow(1 + (0.005 - rf) - BetaAB * (0.0025 - rf), 252) - 1, Stats.AlphaCompounded(A, B, rf), 1e-10);
    }

    [Fact]
    public void Correlation_and_r_squared()
    {
        // corr = 0.0024 / √(0.0042 · 0.00155) = 0.0024 / √6.51e-6 = 0.9406341620; r² = 5.76e-6 / 6.51e-6 = 0.8847926267
        Approx.Equal(0.0024 / Math.Sqrt(0.0042 * 0.00155), Stats.Correlation(A, B), 1e-12);
        Approx.Equal(5.76e-6 / 6.51e-6, Stats.RSquared(A, B), 1e-12);
    }

    [Fact]
    public void Information_ratio_is_not_annualised()
    {
        // r − b = [.01, 0, .01, −.01, .01, −.01, .02, −.01]: mean 0.0025; Σ dev² = 3·.0075² + .0025² + 3·.0125² + .0175² = 9.5e-4
        // std = √(9.5e-4 / 7) = 0.0116496475; IR = 0.0025 / 0.0116496475 = 0.2145987688
        Approx.Equal(0.0025 / Math.Sqrt(9.5e-4 / 7), Stats.InformationRatio(A, B), 1e-11);
    }

    [Fact]
    public void Tracking_error_is_the_annualised_std_of_active_returns()
    {
        Approx.Equal(Math.Sqrt(9.5e-4 / 7 * 252), Stats.TrackingError(A, B), 1e-11);   // √0.0342 = 0.1849324201
    }

    [Fact]
    public void Treynor_ratio_is_the_total_return_over_beta()
    {
        Approx.Equal(CompA / BetaAB, Stats.TreynorRatio(A, B), 1e-11);                  // 0.0248933291
        Approx.Equal((CompA - 0.01) / BetaAB, Stats.TreynorRatio(A, B, 0.01), 1e-11);
    }

    [Fact]
    public void Capture_is_a_ratio_of_cagrs()
    {
        // B: 1.01 · 0.99 · 1.02 · 0.99 · 1.00 · 1.01 · 1.02 · 0.98 = 1.0193880918; capture = (1.0385445^31.5 − 1) / (1.0193881^31.5 − 1)
        double expected = (Math.Pow(1 + CompA, 31.5) - 1) / (Math.Pow(1 + Reference.Comp(B), 31.5) - 1);
        Approx.Equal(expected, Stats.Capture(A, B), 1e-10);
        Approx.Equal(2.7573885546634447, Stats.Capture(A, B), 1e-10);
    }

    [Fact]
    public void Up_and_down_capture_use_subset_cagrs()
    {
        // b > 0 at t0, t2, t5, t6: r = .02, .03, 0, .04; b = .01, .02, .01, .02; years = 4/252 → exponent 63
        // (1.02 · 1.03 · 1.04)^63 − 1 = 264.2505867; (1.01 · 1.02 · 1.01 · 1.02)^63 − 1 = 41.4731761 → 6.3716023559
        Approx.Equal((Math.Pow(1.02 * 1.03 * 1.04, 63) - 1) / (Math.Pow(1.01 * 1.02 * 1.01 * 1.02, 63) - 1), Stats.UpCapture(A, B), 1e-10);
        // b < 0 at t1, t3, t7: r = −.01, −.02, −.03; b = −.01, −.01, −.02; exponent 252/3 = 84
        // (0.99 · 0.98 · 0.97)^84 − 1 = −0.9939022111; (0.99 · 0.99 · 0.98)^84 − 1 = −0.9661387450 → 1.0287365208
        Approx.Equal((Math.Pow(0.99 * 0.98 * 0.97, 84) - 1) / (Math.Pow(0.99 * 0.99 * 0.98, 84) - 1), Stats.DownCapture(A, B), 1e-10);
        Approx.Equal(6.371602355893237 / 1.0287365208148394, Stats.UpDownCapture(A, B), 1e-9);
    }

    [Fact]
    public void Up_and_down_alpha_beta_on_subsets()
    {
        // up: r = [.02, .03, 0, .04] (mean .0225), b = [.01, .02, .01, .02] (mean .015); Σ dev products = 0.00025, Σ b dev² = 0.0001
        // β = 2.5; ᾱ = 0.0225 − 2.5 · 0.015 = −0.015; alpha = 0.985^252 − 1 = −0.9778216065
        var (upAlpha, upBeta) = Stats.UpAlphaBeta(A, B);
        Approx.Equal(2.5, upBeta, 1e-12);
        Approx.Equal(Math.Pow(0.985, 252) - 1, upAlpha, 1e-10);
        // down: r = [−.01, −.02, −.03], b = [−.01, −.01, −.02]: β = 1e-4 / 6.6667e-5 = 1.5, ᾱ = −0.02 + 1.5 · 0.0133333 = 0
        var (downAlpha, downBeta) = Stats.DownAlphaBeta(A, B);
        Approx.Equal(1.5, downBeta, 1e-12);
        Approx.Equal(0, downAlpha, 0, 1e-12);
    }

    [Fact]
    public void Beta_fragility_heuristic_interpolates_between_the_extremes()
    {
        // sorted by b (stable): t7 (−.02, r −.03), t1, t3, t4, t0 (.01, r .02), t5, t2, t6 (.02, r .04); mid = round(8/2) = 4 → t0
        // w_s = (.01 + .02)/.04 = 0.75, w_e = (.02 − .01)/.04 = 0.25 → 0.75 · (−.03) + 0.25 · .04 − .02 = −0.0325
        Approx.Equal(-0.0325, Stats.BetaFragilityHeuristic(A, B), 1e-12);
    }

    [Fact]
    public void Mismatched_lengths_throw()
    {
        Assert.Throws<ArgumentException>(() => Stats.Beta(A, B[..5]));
    }
}
