using Quarry.Analytics.Metrics;
using static Quarry.Analytics.Tests.Metrics.Fixtures;

namespace Quarry.Analytics.Tests.Metrics;

/// <summary>Golden values for volatility and the risk-adjusted ratios (spec §3, §5.1, §6).</summary>
public class RiskRatioTests
{
    [Fact]
    public void Volatility_is_the_annualised_sample_std()
    {
        // std(A) = √0.0006 (Fixtures.A); × √252 = √(0.0006 · 252) = √0.1512 = 0.38884444190...
        Approx.Equal(Math.Sqrt(0.1512), Stats.Volatility(A));
        Approx.Equal(Math.Sqrt(0.0006), Stats.Volatility(A, 1));
    }

    [Fact]
    public void Sharpe_is_mean_over_std_times_root_periods()
    {
        // mean 0.005, std √0.0006: 0.005/√0.0006 = √(0.000025/0.0006) = 1/√24; × √252 = √(252/24) = √10.5 = 3.2403703492
        Approx.Equal(Math.Sqrt(10.5), Stats.Sharpe(A));
        Approx.Equal(1 / Math.Sqrt(24), Stats.Sharpe(A, 0, 1));
    }

    [Fact]
    public void Sharpe_de_annualises_the_risk_free_rate()
    {
        // rf = 5 %: rf_p = 1.05^(1/252) − 1 = 0.000193630506544; (0.005 − 0.000193630506544) / √0.0006 · √252 = 3.1148834387826
        double rfp = Math.Pow(1.05, 1.0 / 252) - 1;
        Approx.Equal((0.005 - rfp) / Math.Sqrt(0.0006) * Sqrt252, Stats.Sharpe(A, 0.05));
        Approx.Equal(3.1148834387826447, Stats.Sharpe(A, 0.05), 1e-10);
        // a negative rf is ignored
        Approx.Equal(Math.Sqrt(10.5), Stats.Sharpe(A, -0.02));
    }

    [Fact]
    public void Sortino_divides_by_the_total_count()
    {
        // negatives −0.01, −0.02, −0.03: Σ squares = 0.0001 + 0.0004 + 0.0009 = 0.0014; DD = √(0.0014/8) = √0.000175
        // 0.005/√0.000175 = √(0.000025/0.000175) = 1/√7; × √252 = √36 = 6
        Approx.Equal(6, Stats.Sortino(A));
        Approx.Equal(1 / Math.Sqrt(7), Stats.Sortino(A, 0, 1));
    }

    [Fact]
    public void Sortino_with_risk_free_uses_the_threshold_in_the_downside_too()
    {
        // x = r − rf_p with rf_p = 1.05^(1/252) − 1; DD = √(Σ min(x, 0)² / 8)
        double rfp = Math.Pow(1.05, 1.0 / 252) - 1, squares = 0;
        foreach (double r in A) squares += Math.Pow(Math.Min(r - rfp, 0), 2);
        Approx.Equal((0.005 - rfp) / Math.Sqrt(squares / 8) * Sqrt252, Stats.Sortino(A, 0.05));
        Approx.Equal(5.720067181625598, Stats.Sortino(A, 0.05), 1e-10);
    }

    [Fact]
    public void Adjusted_sortino_divides_by_root_two()
    {
        Approx.Equal(6 / Math.Sqrt(2), Stats.AdjustedSortino(A));     // 4.2426406871
    }

    [Fact]
    public void Autocorr_penalty_uses_the_absolute_lag_one_correlation()
    {
        // lead = A[0..6] = [.02, −.01, .03, −.02, .01, 0, .04], mean 0.01; lag = A[1..7] = [−.01, .03, −.02, .01, 0, .04, −.03], mean 0.02/7
        // Σ(lead − 0.01)(lag − 0.02/7) = −0.0027, Σ(lead − 0.01)² = 0.0028, Σ(lag − mean)² = 0.0039428571
        // ρ = |−0.0027 / √(0.0028 · 0.0039428571)| = 0.8126045083
        // penalty = √(1 + 2 Σ_{k=1..7} ((8 − k)/8) ρ^k) = 2.2332713027 (sum by the reference loop)
        Approx.Equal(2.233271302677415, Stats.AutocorrPenalty(A), 1e-10);
        Approx.Equal(Reference.AutocorrPenalty(A), Stats.AutocorrPenalty(A));
    }

    [Fact]
    public void Smart_ratios_divide_by_the_penalty()
    {
        double penalty = Reference.AutocorrPenalty(A);
        Approx.Equal(Math.Sqrt(10.5) / penalty, Stats.SmartSharpe(A));         // 1.4509523967
        Approx.Equal(6 / penalty, Stats.SmartSortino(A));                      // 2.6866417854
        Approx.Equal(6 / penalty / Math.Sqrt(2), Stats.SmartAdjustedSortino(A));
    }

    [Fact]
    public void Probabilistic_sharpe_reproduces_QuantStats_with_excess_kurtosis()
    {
        // SR = 1/√24 = 0.2041241452 (per period), skew(A) = 0 (symmetric), kurtosis(A) = −1.2 (DistributionTests);
        // σ = √((1 + SR²/2 − 0·SR + (−1.2 − 3)/4·SR²) / 7) = √((1 + (0.5 − 1.05)/24) / 7) = √(0.9770833/7) = 0.3736085295
        // PSR = Φ(0.2041241452 / 0.3736085295) = Φ(0.5463583647) = 0.7075901880
        double sr = 1 / Math.Sqrt(24), sigma = Math.Sqrt((1 + (0.5 - 1.05) / 24) / 7);
        Approx.Equal(0.3736085295243316, sigma, 1e-12);
        Approx.Equal(Reference.NormalCdf(sr / sigma), Stats.ProbabilisticSharpeRatio(A), 1e-10);
        Approx.Equal(0.7075901880082014, Stats.ProbabilisticSharpeRatio(A), 1e-10);
    }

    [Fact]
    public void Probabilistic_sortino_ratios_use_the_per_period_sortino()
    {
        // base = 1/√7 = 0.3779644730: σ = √((1 + base²(0.5 − 1.05)) / 7) = √((1 − 0.55/7)/7); PSR = Φ(base/σ) = 0.8512393440
        double b = 1 / Math.Sqrt(7), sigma = Math.Sqrt((1 - 0.55 / 7) / 7);
        Approx.Equal(Reference.NormalCdf(b / sigma), Stats.ProbabilisticSortinoRatio(A), 1e-10);
        Approx.Equal(0.8512393440252536, Stats.ProbabilisticSortinoRatio(A), 1e-10);
        // base/√2: σ = √((1 − 0.55/14)/7); Φ(...) = 0.7646742741
        double a = b / Math.Sqrt(2), sigmaA = Math.Sqrt((1 - 0.55 / 14) / 7);
        Approx.Equal(Reference.NormalCdf(a / sigmaA), Stats.ProbabilisticAdjustedSortinoRatio(A), 1e-10);
    }

    [Fact]
    public void Risk_return_ratio_is_the_per_period_sharpe()
    {
        Approx.Equal(1 / Math.Sqrt(24), Stats.RiskReturnRatio(A));   // 0.2041241452
    }

    [Fact]
    public void Calmar_is_cagr_over_the_absolute_max_drawdown()
    {
        // cagr = 2.291479043284348 (ReturnStatsTests), max drawdown = −0.03 → 76.382634776
        Approx.Equal(2.291479043284348 / 0.03, Stats.Calmar(A), 1e-11);
    }

    [Fact]
    public void Omega_sums_gains_and_losses_around_the_threshold()
    {
        // threshold 0: gains 0.02 + 0.03 + 0.01 + 0.04 = 0.10, losses 0.01 + 0.02 + 0.03 = 0.06 → 5/3
        Approx.Equal(0.10 / 0.06, Stats.Omega(A));
        // required return 10 %/year: L = 1.1^(1/252) − 1 = 0.000378286; every x = r − L
        double l = Math.Pow(1.1, 1.0 / 252) - 1, gains = 0, losses = 0;
        foreach (double r in A)
        {
            if (r - l > 0) gains += r - l;
            else losses += l - r;
        }
        Approx.Equal(gains / losses, Stats.Omega(A, 0, 0.1));
        // periods = 1: L is the required return itself, x = r − 0.02 = [0, −.03, .01, −.04, −.01, −.02, .02, −.05]:
        // gains 0.01 + 0.02 = 0.03, losses 0.03 + 0.04 + 0.01 + 0.02 + 0.05 = 0.15 → 0.2
        Approx.Equal(0.2, Stats.Omega(A, 0, 0.02, 1));
        Assert.True(double.IsNaN(Stats.Omega(A, 0, -1)));   // required return ≤ −1
    }

    [Fact]
    public void Downside_risk_is_the_annualised_target_downside_deviation()
    {
        // √(0.0014/8) · √252 = √(0.000175 · 252) = √0.0441 = 0.21
        Approx.Equal(0.21, Stats.DownsideRisk(A));
        // NaN rows are skipped (empyrical): the same plus a NaN → still 0.0014 over 8 numbers
        Approx.Equal(0.21, Stats.DownsideRisk([.. A, double.NaN]));
    }

    [Fact]
    public void Stability_is_the_r_squared_of_the_cumulative_log_return_on_time()
    {
        // y = cumsum ln(1 + r) = [0.0198026, 0.0097523, 0.0393111, 0.0191084, 0.0290587, 0.0290587, 0.0682794, 0.0378202];
        // R² of y on t = 0..7 = 0.4229150955 (by the reference loop)
        Approx.Equal(0.42291509554885304, Stats.StabilityOfTimeseries(A), 1e-10);
        Approx.Equal(Reference.Stability(A), Stats.StabilityOfTimeseries(A), 1e-12);
        // NaN is dropped
        Approx.Equal(Reference.Stability(A), Stats.StabilityOfTimeseries([double.NaN, .. A]), 1e-12);
    }
}
