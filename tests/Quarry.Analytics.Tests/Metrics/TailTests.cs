using Quarry.Analytics.Metrics;
using static Quarry.Analytics.Tests.Metrics.Fixtures;

namespace Quarry.Analytics.Tests.Metrics;

/// <summary>
/// Golden values for VaR, CVaR and the quantile ratios (spec §4, §5.3). Sorted A:
/// [−0.03, −0.02, −0.01, 0, 0.01, 0.02, 0.03, 0.04]; with n = 8, h = 7p.
/// </summary>
public class TailTests
{
    const double Z05 = -1.6448536269514722;   // Φ⁻¹(0.05), spec §1

    /// <summary>Nine +1 % periods and one −10 %: mean −0.001, S2 = 9 · 0.011² + 0.099² = 0.01089, std = √0.00121 = 0.0347850543.</summary>
    static readonly double[] FatTail = [0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, -0.10];

    [Fact]
    public void Parametric_var_is_mean_plus_std_times_the_normal_quantile()
    {
        // 0.005 + √0.0006 · (−1.6448536270) = 0.005 − 0.0402905209 = −0.0352905209
        Approx.Equal(0.005 + Math.Sqrt(0.0006) * Z05, Stats.ValueAtRisk(A), 1e-13);
        // a confidence above 1 is a percentage; sigma scales the std
        Approx.Equal(0.005 + Math.Sqrt(0.0006) * Z05, Stats.ValueAtRisk(A, 1, 95), 1e-13);
        Approx.Equal(0.005 + 2 * Math.Sqrt(0.0006) * Z05, Stats.ValueAtRisk(A, 2), 1e-13);
    }

    [Fact]
    public void Cvar_is_var_itself_when_no_return_is_below_it()
    {
        // var = −0.0352905 and min(A) = −0.03 > var
        Approx.Equal(Stats.ValueAtRisk(A), Stats.ConditionalValueAtRisk(A));
    }

    [Fact]
    public void Cvar_is_the_mean_of_the_returns_strictly_below_the_parametric_var()
    {
        // var = −0.001 + 0.0347850543 · (−1.6448536270) = −0.0582163227; below it: −0.10 only
        Approx.Equal(-0.001 + Math.Sqrt(0.00121) * Z05, Stats.ValueAtRisk(FatTail), 1e-12);
        Approx.Equal(-0.10, Stats.ConditionalValueAtRisk(FatTail));
    }

    [Fact]
    public void Historical_var_is_the_linear_quantile()
    {
        // A: h = 7 · 0.05 = 0.35 → −0.03 + 0.35 · 0.01 = −0.0265
        Approx.Equal(-0.0265, Stats.ValueAtRiskHistorical(A));
        // fat tail: sorted [−0.10, 0.01 × 9], h = 9 · 0.05 = 0.45 → −0.10 + 0.45 · 0.11 = −0.0505
        Approx.Equal(-0.0505, Stats.ValueAtRiskHistorical(FatTail));
    }

    [Fact]
    public void Historical_cvar_averages_the_k_plus_one_smallest()
    {
        // k = ⌊7 · 0.05⌋ = 0 → −0.03
        Approx.Equal(-0.03, Stats.ConditionalValueAtRiskHistorical(A));
        // cutoff 0.3: k = ⌊2.1⌋ = 2 → (−0.03 − 0.02 − 0.01) / 3 = −0.02
        Approx.Equal(-0.02, Stats.ConditionalValueAtRiskHistorical(A, 0.3));
    }

    [Fact]
    public void Tail_ratio_divides_the_upper_by_the_lower_quantile()
    {
        // q95: h = 6.65 → 0.03 + 0.65 · 0.01 = 0.0365; q05 = −0.0265 → 0.0365 / 0.0265 = 1.3773584906
        Approx.Equal(0.0365 / 0.0265, Stats.TailRatio(A), 1e-12);
        Approx.Equal(Math.Abs(Reference.Quantile(A, 0.95) / Reference.Quantile(A, 0.05)), Stats.TailRatio(A), 1e-12);
    }

    [Fact]
    public void Outlier_ratios_divide_extreme_quantiles_by_the_mean_win_or_loss()
    {
        // q99: h = 6.93 → 0.03 + 0.93 · 0.01 = 0.0393; mean{r ≥ 0} = 0.10 / 5 = 0.02 → 1.965
        Approx.Equal(0.0393 / 0.02, Stats.OutlierWinRatio(A), 1e-12);
        // q01: h = 0.07 → −0.03 + 0.07 · 0.01 = −0.0293; mean{r < 0} = −0.06 / 3 = −0.02 → 1.465
        Approx.Equal(-0.0293 / -0.02, Stats.OutlierLossRatio(A), 1e-12);
    }

    [Fact]
    public void Common_sense_ratio_is_profit_factor_times_tail_ratio()
    {
        // (0.10 / 0.06) · (0.0365 / 0.0265) = 2.2955974843
        Approx.Equal(0.10 / 0.06 * (0.0365 / 0.0265), Stats.CommonSenseRatio(A), 1e-12);
    }

    [Fact]
    public void Quantiles_interpolate_linearly()
    {
        // empyrical test_value_at_risk: [1, 2] at 0, 0.3, 1 → 1, 1.3, 2; [1, 81, 82, 83, 84, 85] at 0.1, 0.2, 0.3 → 41, 81, 81.5
        Approx.Equal(1.0, Stats.ValueAtRiskHistorical([1.0, 2.0], 0.0));
        Approx.Equal(1.3, Stats.ValueAtRiskHistorical([1.0, 2.0], 0.3));
        Approx.Equal(2.0, Stats.ValueAtRiskHistorical([1.0, 2.0], 1.0));
        Approx.Equal(41, Stats.ValueAtRiskHistorical([1, 81, 82, 83, 84, 85], 0.1));
        Approx.Equal(81, Stats.ValueAtRiskHistorical([1, 81, 82, 83, 84, 85], 0.2));
        Approx.Equal(81.5, Stats.ValueAtRiskHistorical([1, 81, 82, 83, 84, 85], 0.3));
    }
}
