using Quarry.Analytics.Metrics.Internal;

namespace Quarry.Analytics.Metrics;

/// <summary>
/// Every performance metric of the metrics spec (shared spec <c>metrics.md</c>), one function each, named after the
/// spec's snake_case key (<c>sharpe</c> → <see cref="Sharpe"/>). QuantStats formulas and edge cases by default;
/// the empyrical variants the spec keeps have their own names (<see cref="AlphaCompounded"/>,
/// <see cref="ValueAtRiskHistorical"/>, …). <see cref="MetricTable"/> computes them all at once.
/// </summary>
/// <remarks>
/// <para><b>Inputs.</b> <c>returns</c> are simple returns per period (0.01 = 1 %), already prepared as QuantStats does:
/// NaN and ±∞ replaced by 0 (<see cref="PrepareReturns"/>). Functions that handle NaN themselves say so; elsewhere a
/// NaN in the input gives NaN or an unspecified value, never an exception. Nothing guesses whether a series holds
/// prices. <c>benchmark</c> is aligned with <c>returns</c> (same length; otherwise <see cref="ArgumentException"/>).
/// <c>periods</c> is periods per year (252 for daily data). <c>rf</c> is QuantStats' <b>annual</b> risk-free rate,
/// ignored when ≤ 0 and de-annualised as (1 + rf)^(1/periods) − 1 where the function says so; empyrical variants
/// take a per-period rate and say so.</para>
/// <para><b>Outputs.</b> Plain fractions, as the <c>quantstats.stats</c> functions return them (not the percent
/// numbers of the printed tearsheet). Undefined results are NaN (or ±∞ where the spec says so) and never throw; the
/// empty series gives NaN unless the spec's formula defines a value (e.g. <see cref="Comp"/> = 0).</para>
/// <para><b>Cost.</b> Pure, thread-safe, O(n). Nothing is allocated except by functions that sort (quantiles: one
/// copy rented from <see cref="System.Buffers.ArrayPool{T}"/>) and by <see cref="AggregateReturns"/>.</para>
/// </remarks>
public static class Stats
{
    /// <summary>The default periods per year (daily data).</summary>
    public const double DefaultPeriods = 252;

    // ---- preparation and series ------------------------------------------------------------------------------

    /// <summary>QuantStats' input preparation without price detection: NaN and ±∞ become 0; everything else is copied. <paramref name="destination"/> may be <paramref name="source"/> itself.</summary>
    public static void PrepareReturns(ReadOnlySpan<double> source, Span<double> destination)
    {
        Guard.Destination(source.Length, destination, nameof(source), nameof(destination));
        for (int t = 0; t < source.Length; t++) destination[t] = double.IsFinite(source[t]) ? source[t] : 0;
    }

    /// <summary>compsum: the cumulative return Π_{s≤t}(1 + r_s) − 1 at every t.</summary>
    public static void CompSum(ReadOnlySpan<double> returns, Span<double> destination)
    {
        Guard.Destination(returns.Length, destination, nameof(returns), nameof(destination));
        double product = 1;
        for (int t = 0; t < returns.Length; t++) destination[t] = (product *= 1 + returns[t]) - 1;
    }

    /// <summary>
    /// to_drawdown_series: dd_t = W_t / P_t − 1 with equity W_0 = 1 before the first return and running peak P_t
    /// (the baseline included), so a first-period loss is a drawdown; values ≤ 0, −0 written as 0.
    /// </summary>
    public static void ToDrawdownSeries(ReadOnlySpan<double> returns, Span<double> destination)
    {
        Guard.Destination(returns.Length, destination, nameof(returns), nameof(destination));
        Drawdowns.Series(returns, destination);
    }

    /// <summary>
    /// QuantStats aggregate_returns for 'D', 'ME', 'QE', 'YE': one value per calendar period with data, Π(1 + r) − 1
    /// when <paramref name="compounded"/>, else Σr. <paramref name="time"/> must be ascending; periods are runs of
    /// rows with the same calendar key. Allocates the result.
    /// </summary>
    public static double[] AggregateReturns(ReadOnlySpan<DateTime> time, ReadOnlySpan<double> returns, AggregationPeriod period,
        bool compounded = true)
    {
        Guard.SameLength(time, returns, nameof(time), nameof(returns));
        var buffer = new double[returns.Length];
        int count = Aggregation.Aggregate(time, returns, period, compounded, buffer);
        return buffer.AsSpan(0, count).ToArray();
    }

    // ---- returns -----------------------------------------------------------------------------------------------

    /// <summary><c>comp</c>: total compounded return Π(1 + r_t) − 1; 0 for an empty series.</summary>
    public static double Comp(ReadOnlySpan<double> returns) => ReturnStats.Comp(returns);

    /// <summary>
    /// <c>cagr</c>: |1 + comp|^(1/Y) − 1 with Y = N / <paramref name="periods"/> years counted in rows, not calendar
    /// time; with <paramref name="compounded"/> false, 1 + Σr replaces 1 + comp. rf is ignored (as QuantStats does). NaN when empty.
    /// </summary>
    public static double Cagr(ReadOnlySpan<double> returns, double periods = DefaultPeriods, bool compounded = true)
    {
        double total = compounded ? ReturnStats.Comp(returns) : Sum(returns);
        return ReturnStats.Cagr(total, returns.Length, periods);
    }

    /// <summary><c>expected_return</c> (geometric mean): Π(1 + r)^(1/N) − 1, per period, not annualised. NaN when empty. Aggregate first (<see cref="AggregateReturns"/>) for the monthly or yearly value.</summary>
    public static double ExpectedReturn(ReadOnlySpan<double> returns) => ReturnStats.ExpectedReturn(returns);

    /// <summary><c>exposure</c>: the share of periods with a non-zero, non-NaN return, rounded <b>up</b> to a whole percent, ⌈100·k/N⌉/100. Handles NaN (not exposed). NaN when empty.</summary>
    public static double Exposure(ReadOnlySpan<double> returns) => ReturnStats.Exposure(returns);

    /// <summary><c>rar</c>: cagr / exposure of x = r − rf (rf subtracted raw from every period when &gt; 0, as QuantStats does).</summary>
    public static double Rar(ReadOnlySpan<double> returns, double periods = DefaultPeriods, double rf = 0) =>
        ReturnStats.Rar(returns, periods, rf);

    /// <summary><c>best</c>: the largest return; NaN when empty. Aggregate first for the best month or year.</summary>
    public static double Best(ReadOnlySpan<double> returns) => returns.Length == 0 ? double.NaN : Max(returns);

    /// <summary><c>worst</c>: the smallest return; NaN when empty. Aggregate first for the worst month or year.</summary>
    public static double Worst(ReadOnlySpan<double> returns) => returns.Length == 0 ? double.NaN : Min(returns);

    // ---- volatility and risk-adjusted ratios ------------------------------------------------------------------

    /// <summary><c>volatility</c>: std(r)·√periods, sample std (ddof 1). NaN when N &lt; 2; 0 for a constant series. Pass periods = 1 for the per-period value.</summary>
    public static double Volatility(ReadOnlySpan<double> returns, double periods = DefaultPeriods) =>
        RiskStats.Volatility(Moments.Of(returns), periods);

    /// <summary>
    /// <c>sharpe</c>: mean(x) / std(x) · √periods with x = r − rf_p, rf_p = (1 + rf)^(1/periods) − 1. Arithmetic mean,
    /// ddof 1. NaN when N &lt; 2; ±∞ when std = 0 (NaN if the mean is 0 too). periods = 1 (with rf = 0) gives the
    /// per-period ratio.
    /// </summary>
    public static double Sharpe(ReadOnlySpan<double> returns, double rf = 0, double periods = DefaultPeriods) =>
        RiskStats.Sharpe(Moments.Of(returns), ReturnStats.PerPeriod(rf, periods), periods);

    /// <summary><c>smart_sharpe</c>: <see cref="Sharpe"/> with std multiplied by <see cref="AutocorrPenalty"/>; NaN when the penalty is undefined (N &lt; 3, constant series).</summary>
    public static double SmartSharpe(ReadOnlySpan<double> returns, double rf = 0, double periods = DefaultPeriods) =>
        RiskStats.Sharpe(Moments.Of(returns), ReturnStats.PerPeriod(rf, periods), periods, RiskStats.AutocorrPenalty(returns));

    /// <summary>
    /// <c>sortino</c>: mean(x) / DD · √periods, x = r − rf_p, DD = sqrt(Σ min(x_t, 0)² / N) with N the <b>total</b>
    /// count. NaN when empty or when DD = 0 (no period below the threshold; QuantStats, where empyrical gives ±∞).
    /// </summary>
    public static double Sortino(ReadOnlySpan<double> returns, double rf = 0, double periods = DefaultPeriods) =>
        SortinoCore(returns, rf, periods, smart: false);

    /// <summary><c>smart_sortino</c>: <see cref="Sortino"/> with DD multiplied by <see cref="AutocorrPenalty"/>.</summary>
    public static double SmartSortino(ReadOnlySpan<double> returns, double rf = 0, double periods = DefaultPeriods) =>
        SortinoCore(returns, rf, periods, smart: true);

    /// <summary><c>adjusted_sortino</c>: <see cref="Sortino"/> / √2 (Jack Schwager's, comparable to Sharpe).</summary>
    public static double AdjustedSortino(ReadOnlySpan<double> returns, double rf = 0, double periods = DefaultPeriods) =>
        Sortino(returns, rf, periods) / Math.Sqrt(2);

    /// <summary><c>smart_adjusted_sortino</c> (tearsheet "Smart Sortino/√2"): <see cref="SmartSortino"/> / √2.</summary>
    public static double SmartAdjustedSortino(ReadOnlySpan<double> returns, double rf = 0, double periods = DefaultPeriods) =>
        SmartSortino(returns, rf, periods) / Math.Sqrt(2);

    /// <summary>
    /// <c>autocorr_penalty</c>: sqrt(1 + 2·Σ_{k=1}^{N−1} ((N − k)/N)·ρ^k) with ρ the absolute lag-1 Pearson
    /// autocorrelation. NaN when N &lt; 3 or a lagged half is constant (numpy's corrcoef is NaN there).
    /// </summary>
    public static double AutocorrPenalty(ReadOnlySpan<double> returns) => RiskStats.AutocorrPenalty(returns);

    /// <summary>
    /// <c>probabilistic_sharpe_ratio</c> (QuantStats, not annualised): Φ((SR − rf) / σ_SR) with SR the per-period
    /// Sharpe (rf = 0), σ_SR = sqrt((1 + SR²/2 − γ3·SR + (κ − 3)/4·SR²) / (N − 1)), γ3 = <see cref="Skew"/>,
    /// κ = <see cref="Kurtosis"/> (excess — QuantStats subtracts 3 twice, reproduced on purpose). <paramref name="rf"/>
    /// is subtracted from the per-period SR as given. NaN when N &lt; 4 or σ_SR is undefined.
    /// </summary>
    public static double ProbabilisticSharpeRatio(ReadOnlySpan<double> returns, double rf = 0)
    {
        var m = Moments.Of(returns, higher: true);
        return Probabilistic(RiskStats.Sharpe(m, 0, 1), m, rf);
    }

    /// <summary><c>probabilistic_sortino_ratio</c>: <see cref="ProbabilisticSharpeRatio"/> with the per-period Sortino as the base ratio.</summary>
    public static double ProbabilisticSortinoRatio(ReadOnlySpan<double> returns, double rf = 0) =>
        Probabilistic(Sortino(returns, 0, 1), Moments.Of(returns, higher: true), rf);

    /// <summary><c>probabilistic_adjusted_sortino_ratio</c>: <see cref="ProbabilisticSharpeRatio"/> with the per-period Sortino/√2 as the base ratio.</summary>
    public static double ProbabilisticAdjustedSortinoRatio(ReadOnlySpan<double> returns, double rf = 0) =>
        Probabilistic(Sortino(returns, 0, 1) / Math.Sqrt(2), Moments.Of(returns, higher: true), rf);

    /// <summary><c>risk_return_ratio</c>: mean(r) / std(r), not annualised; NaN when std = 0 or N &lt; 2.</summary>
    public static double RiskReturnRatio(ReadOnlySpan<double> returns)
    {
        var m = Moments.Of(returns);
        return m.Std == 0 ? double.NaN : m.Mean / m.Std;
    }

    /// <summary><c>calmar</c>: <see cref="Cagr"/> / |<see cref="MaxDrawdown"/>| over the whole sample; ±∞ without a drawdown (NaN if cagr = 0).</summary>
    public static double Calmar(ReadOnlySpan<double> returns, double periods = DefaultPeriods) =>
        Cagr(returns, periods) / Math.Abs(MaxDrawdown(returns));

    /// <summary>
    /// <c>omega</c>: Σ max(x, 0) / Σ max(−x, 0) with x = r − rf_p − L, L = (1 + requiredReturn)^(1/periods) − 1
    /// (requiredReturn itself when periods = 1). NaN when N &lt; 2, requiredReturn ≤ −1 or nothing is below the threshold.
    /// </summary>
    public static double Omega(ReadOnlySpan<double> returns, double rf = 0, double requiredReturn = 0, double periods = DefaultPeriods) =>
        RiskStats.Omega(returns, ReturnStats.PerPeriod(rf, periods), requiredReturn, periods);

    /// <summary>
    /// <c>downside_risk</c> (empyrical): sqrt(mean of min(r − requiredReturn, 0)²)·√periods over all non-NaN
    /// periods (positives count as 0); <paramref name="requiredReturn"/> is per period. Handles NaN (skipped). NaN when no value.
    /// </summary>
    public static double DownsideRisk(ReadOnlySpan<double> returns, double requiredReturn = 0, double periods = DefaultPeriods) =>
        RiskStats.DownsideRisk(returns, requiredReturn, periods);

    /// <summary>
    /// <c>stability_of_timeseries</c> (empyrical): R² of a linear fit of the cumulative log return Σ ln(1 + r) on
    /// time; 0 when it is flat. Handles NaN (dropped). NaN when fewer than 2 values.
    /// </summary>
    public static double StabilityOfTimeseries(ReadOnlySpan<double> returns) => RiskStats.Stability(returns);

    // ---- drawdowns ---------------------------------------------------------------------------------------------

    /// <summary><c>max_drawdown</c>: min_t dd_t (see <see cref="ToDrawdownSeries"/>), a fraction ≤ 0; 0 if never underwater; NaN when empty.</summary>
    public static double MaxDrawdown(ReadOnlySpan<double> returns) => Drawdowns.Scan(returns, []).MaxDrawdown;

    /// <summary>
    /// <c>avg_drawdown</c> (tearsheet "Avg. Drawdown"): the mean of the underwater episodes' deepest drawdowns (an
    /// episode is a maximal run of rows with dd ≠ 0, one starting on the first row included); 0 if never underwater; NaN when empty.
    /// </summary>
    public static double AvgDrawdown(ReadOnlySpan<double> returns) => DrawdownStats.AvgDrawdown(Drawdowns.Scan(returns, []));

    /// <summary>
    /// <c>longest_dd_days</c>: the longest underwater episode in calendar days, (last underwater row − first) + 1 day
    /// (the last row when never recovered); 0 if never underwater; NaN when empty. <paramref name="time"/> ascending.
    /// </summary>
    public static double LongestDrawdownDays(ReadOnlySpan<DateTime> time, ReadOnlySpan<double> returns)
    {
        Guard.SameLength(time, returns, nameof(time), nameof(returns));
        var scan = Drawdowns.Scan(returns, time);
        return returns.Length == 0 || scan.LongestDays < 0 ? double.NaN : scan.LongestDays;
    }

    /// <summary><c>avg_drawdown_days</c>: the mean episode length in calendar days, rounded half to even (numpy); 0 if never underwater; NaN when empty.</summary>
    public static double AvgDrawdownDays(ReadOnlySpan<DateTime> time, ReadOnlySpan<double> returns)
    {
        Guard.SameLength(time, returns, nameof(time), nameof(returns));
        return DrawdownStats.AvgDrawdownDays(Drawdowns.Scan(returns, time));
    }

    /// <summary><c>ulcer_index</c>: sqrt(Σ dd_t² / (N − 1)) — QuantStats' N − 1, not Martin's N. NaN when N &lt; 2.</summary>
    public static double UlcerIndex(ReadOnlySpan<double> returns) => Drawdowns.Scan(returns, []).UlcerIndex;

    /// <summary><c>ulcer_performance_index</c> (upi): (comp − rf) / ulcer_index, the <b>total</b> compounded return (not Martin's UPI); rf subtracted once as given. NaN when the ulcer index is 0.</summary>
    public static double UlcerPerformanceIndex(ReadOnlySpan<double> returns, double rf = 0) =>
        DrawdownStats.UlcerPerformanceIndex(ReturnStats.Comp(returns), Drawdowns.Scan(returns, []), rf);

    /// <summary>
    /// <c>serenity_index</c>: (Σr − rf) / (ulcer_index · pitfall), pitfall = −cvar(dd) / std(r) with
    /// <see cref="ConditionalValueAtRisk"/> applied to the drawdown series; the <b>arithmetic sum</b> of returns.
    /// NaN when std(r) = 0 or the denominator is 0 (e.g. never underwater).
    /// </summary>
    public static double SerenityIndex(ReadOnlySpan<double> returns, double rf = 0)
    {
        double[] dd = System.Buffers.ArrayPool<double>.Shared.Rent(Math.Max(1, returns.Length));
        try
        {
            var series = dd.AsSpan(0, returns.Length);
            Drawdowns.Series(returns, series);
            return DrawdownStats.SerenityIndex(WinLoss.Of(returns).Sum, Moments.Of(returns).Std,
                Drawdowns.Scan(returns, []).UlcerIndex, DrawdownStats.DrawdownCvar(series), rf);
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(dd);
        }
    }

    /// <summary><c>recovery_factor</c>: |Σr − rf| / |max_drawdown| — the <b>arithmetic sum</b>, not the compounded return. NaN when max_drawdown = 0.</summary>
    public static double RecoveryFactor(ReadOnlySpan<double> returns, double rf = 0) =>
        DrawdownStats.RecoveryFactor(WinLoss.Of(returns).Sum, MaxDrawdown(returns), rf);

    // ---- value at risk and tails -------------------------------------------------------------------------------

    /// <summary>
    /// <c>var</c> (QuantStats value_at_risk, parametric Gaussian): mean(r) + sigma·std(r)·Φ⁻¹(1 − confidence);
    /// a confidence above 1 is read as percent (95 → 0.95). A return, normally negative. NaN when N &lt; 2 or std = 0.
    /// </summary>
    public static double ValueAtRisk(ReadOnlySpan<double> returns, double sigma = 1, double confidence = 0.95) =>
        TailStats.ValueAtRisk(Moments.Of(returns), sigma, confidence);

    /// <summary><c>cvar</c> (QuantStats conditional_value_at_risk / expected_shortfall): the mean of the returns strictly below the parametric <see cref="ValueAtRisk"/>, or that VaR when none is below it.</summary>
    public static double ConditionalValueAtRisk(ReadOnlySpan<double> returns, double sigma = 1, double confidence = 0.95) =>
        TailStats.ConditionalValueAtRisk(returns, ValueAtRisk(returns, sigma, confidence));

    /// <summary><c>var_historical</c> (empyrical value_at_risk): the linear-interpolation quantile q_cutoff(r). NaN when empty or when a value is NaN.</summary>
    public static double ValueAtRiskHistorical(ReadOnlySpan<double> returns, double cutoff = 0.05) => Quantile.Of(returns, cutoff);

    /// <summary><c>cvar_historical</c> (empyrical conditional_value_at_risk): the mean of the ⌊(N − 1)·cutoff⌋ + 1 smallest returns. NaN when empty or when a value is NaN.</summary>
    public static double ConditionalValueAtRiskHistorical(ReadOnlySpan<double> returns, double cutoff = 0.05)
    {
        using var sorted = new SortedCopy(returns);
        return sorted.HasNaN ? double.NaN : TailStats.ConditionalValueAtRiskHistorical(sorted.Values, cutoff);
    }

    /// <summary><c>tail_ratio</c>: |q_cutoff(r) / q_(1−cutoff)(r)| (linear-interpolation quantiles). NaN when empty or the lower quantile is 0.</summary>
    public static double TailRatio(ReadOnlySpan<double> returns, double cutoff = 0.95)
    {
        using var sorted = new SortedCopy(returns);
        return sorted.HasNaN ? double.NaN : TailStats.TailRatio(sorted.Values, cutoff);
    }

    /// <summary><c>outlier_win_ratio</c>: q_quantile(r) / mean{r ≥ 0}; NaN when that mean is 0 or undefined.</summary>
    public static double OutlierWinRatio(ReadOnlySpan<double> returns, double quantile = 0.99) =>
        TailStats.OutlierRatio(Quantile.Of(returns, quantile), WinLoss.Of(returns).AvgNonNegative);

    /// <summary><c>outlier_loss_ratio</c>: q_quantile(r) / mean{r &lt; 0}; NaN when that mean is 0 or undefined.</summary>
    public static double OutlierLossRatio(ReadOnlySpan<double> returns, double quantile = 0.01) =>
        TailStats.OutlierRatio(Quantile.Of(returns, quantile), WinLoss.Of(returns).AvgLoss);

    // ---- distribution ------------------------------------------------------------------------------------------

    /// <summary><c>skew</c> (pandas Series.skew, bias-corrected G1): n·sqrt(n − 1)/(n − 2) · S3 / S2^1.5 with S_k = Σ(r − mean)^k. 0 when S2 = 0 (sums below 1e-14 count as 0, as pandas); NaN when n &lt; 3.</summary>
    public static double Skew(ReadOnlySpan<double> returns) => DistributionStats.Skew(Moments.Of(returns, higher: true));

    /// <summary><c>kurtosis</c> (pandas Series.kurt, bias-corrected <b>excess</b> G2). 0 when the denominator (n − 2)(n − 3)·S2² is 0 (below 1e-14, as pandas); NaN when n &lt; 4.</summary>
    public static double Kurtosis(ReadOnlySpan<double> returns) => DistributionStats.Kurtosis(Moments.Of(returns, higher: true));

    // ---- win / loss (per period, not per trade) ----------------------------------------------------------------

    /// <summary><c>win_rate</c>: #{r &gt; 0} / #{r ≠ 0} — zero returns are excluded; 0 when no return is non-zero.</summary>
    public static double WinRate(ReadOnlySpan<double> returns) => WinLoss.Of(returns).WinRate;

    /// <summary><c>avg_return</c>: mean{r ≠ 0}; NaN when none.</summary>
    public static double AvgReturn(ReadOnlySpan<double> returns) => WinLoss.Of(returns).AvgReturn;

    /// <summary><c>avg_win</c>: mean{r &gt; 0}; NaN when none.</summary>
    public static double AvgWin(ReadOnlySpan<double> returns) => WinLoss.Of(returns).AvgWin;

    /// <summary><c>avg_loss</c>: mean{r &lt; 0} (negative); NaN when none.</summary>
    public static double AvgLoss(ReadOnlySpan<double> returns) => WinLoss.Of(returns).AvgLoss;

    /// <summary><c>payoff_ratio</c> (win_loss_ratio): avg_win / |avg_loss|; NaN without a losing (or a winning) period.</summary>
    public static double PayoffRatio(ReadOnlySpan<double> returns) => WinLoss.Of(returns).PayoffRatio;

    /// <summary><c>profit_factor</c>: Σ{r ≥ 0} / |Σ{r &lt; 0}|; without losses +∞, or 0 when there is no gain either.</summary>
    public static double ProfitFactor(ReadOnlySpan<double> returns) => WinLoss.Of(returns).ProfitFactor;

    /// <summary><c>profit_ratio</c>: |mean(W)/#W| / |mean(L)/#L| with W = {r ≥ 0} (zeros are wins), L = {r &lt; 0}; 0 when W is empty, NaN when L is empty.</summary>
    public static double ProfitRatio(ReadOnlySpan<double> returns) => WinLoss.Of(returns).ProfitRatio;

    /// <summary><c>gain_to_pain_ratio</c> at the data's own resolution: Σr / |Σ{r &lt; 0}|; NaN without a negative period. rf is ignored (as QuantStats does).</summary>
    public static double GainToPainRatio(ReadOnlySpan<double> returns) => WinLoss.Of(returns).GainToPain;

    /// <summary>
    /// <c>gain_to_pain_ratio</c> with a resolution (QuantStats 'D' default, 'ME' for the tearsheet's "Gain/Pain (1M)"):
    /// returns <b>summed</b> per calendar period first. <paramref name="time"/> ascending. Allocates one scratch buffer.
    /// </summary>
    public static double GainToPainRatio(ReadOnlySpan<DateTime> time, ReadOnlySpan<double> returns, AggregationPeriod resolution)
    {
        Guard.SameLength(time, returns, nameof(time), nameof(returns));
        double[] buffer = System.Buffers.ArrayPool<double>.Shared.Rent(Math.Max(1, returns.Length));
        try
        {
            int count = Aggregation.Aggregate(time, returns, resolution, compounded: false, buffer);
            return WinLoss.Of(buffer.AsSpan(0, count)).GainToPain;
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <summary><c>cpc_index</c>: profit_factor × win_rate × payoff_ratio.</summary>
    public static double CpcIndex(ReadOnlySpan<double> returns)
    {
        var w = WinLoss.Of(returns);
        return w.ProfitFactor * w.WinRate * w.PayoffRatio;
    }

    /// <summary><c>common_sense_ratio</c>: profit_factor × tail_ratio.</summary>
    public static double CommonSenseRatio(ReadOnlySpan<double> returns) => ProfitFactor(returns) * TailRatio(returns);

    /// <summary><c>kelly_criterion</c>: (payoff·p − (1 − p)) / payoff with p = win_rate, payoff = payoff_ratio; NaN when the payoff ratio is 0 or NaN.</summary>
    public static double KellyCriterion(ReadOnlySpan<double> returns) => WinLoss.Of(returns).Kelly;

    /// <summary><c>risk_of_ruin</c> (ror): ((1 − p)/(1 + p))^N with p = win_rate and N = all periods; underflows to 0 on long series; NaN when empty.</summary>
    public static double RiskOfRuin(ReadOnlySpan<double> returns) => WinLoss.Of(returns).RiskOfRuin;

    /// <summary><c>consecutive_wins</c>: the longest run of consecutive periods with r &gt; 0 (a zero ends a run); 0 when empty.</summary>
    public static int ConsecutiveWins(ReadOnlySpan<double> returns) => WinLoss.Of(returns).LongestWinRun;

    /// <summary><c>consecutive_losses</c>: the longest run of consecutive periods with r &lt; 0 (a zero ends a run); 0 when empty.</summary>
    public static int ConsecutiveLosses(ReadOnlySpan<double> returns) => WinLoss.Of(returns).LongestLossRun;

    // ---- benchmark-relative ------------------------------------------------------------------------------------

    /// <summary><c>beta</c> (QuantStats greeks): cov(r, b) / var(b); 0 when undefined (var(b) = 0 or N &lt; 2; QuantStats fills NaN with 0, where empyrical gives NaN).</summary>
    public static double Beta(ReadOnlySpan<double> returns, ReadOnlySpan<double> benchmark) =>
        BenchmarkStats.Beta(Pair(returns, benchmark));

    /// <summary><c>alpha</c> (QuantStats greeks, linear): periods·(mean(r) − β·mean(b)); rf not used; 0 when undefined.</summary>
    public static double Alpha(ReadOnlySpan<double> returns, ReadOnlySpan<double> benchmark, double periods = DefaultPeriods) =>
        BenchmarkStats.Alpha(Pair(returns, benchmark), periods);

    /// <summary>
    /// <c>alpha_compounded</c> (empyrical alpha): (1 + mean((r − rf) − β·(b − rf)))^periods − 1, the mean per-period
    /// residual compounded over a year; <paramref name="rf"/> is <b>per period</b>. NaN when N &lt; 2 or var(b) &lt; 1e-30.
    /// </summary>
    public static double AlphaCompounded(ReadOnlySpan<double> returns, ReadOnlySpan<double> benchmark, double rf = 0,
        double periods = DefaultPeriods) => BenchmarkStats.AlphaCompounded(Pair(returns, benchmark), rf, periods);

    /// <summary><c>r_squared</c> (r2): corr(r, b)² (scipy linregress rvalue²); 0 when the benchmark is constant; NaN when the strategy is constant or N &lt; 2.</summary>
    public static double RSquared(ReadOnlySpan<double> returns, ReadOnlySpan<double> benchmark) =>
        BenchmarkStats.RSquared(Pair(returns, benchmark));

    /// <summary><c>correlation</c> (tearsheet "Correlation"): Pearson corr(b, r); NaN when N &lt; 2 or either series is constant.</summary>
    public static double Correlation(ReadOnlySpan<double> returns, ReadOnlySpan<double> benchmark) =>
        BenchmarkStats.Correlation(Pair(returns, benchmark));

    /// <summary><c>information_ratio</c>: mean(r − b) / std(r − b), <b>not annualised</b>; 0 when std(r − b) = 0; NaN when N &lt; 2.</summary>
    public static double InformationRatio(ReadOnlySpan<double> returns, ReadOnlySpan<double> benchmark)
    {
        Guard.SameLength(returns, benchmark, nameof(returns), nameof(benchmark));
        return BenchmarkStats.InformationRatio(BenchmarkStats.Active(returns, benchmark));
    }

    /// <summary><c>tracking_error</c> (not in the spec; the usual definition): std(r − b)·√periods, ddof 1. NaN when N &lt; 2.</summary>
    public static double TrackingError(ReadOnlySpan<double> returns, ReadOnlySpan<double> benchmark, double periods = DefaultPeriods)
    {
        Guard.SameLength(returns, benchmark, nameof(returns), nameof(benchmark));
        return BenchmarkStats.Active(returns, benchmark).Std * Math.Sqrt(periods);
    }

    /// <summary><c>treynor_ratio</c>: (comp − rf) / β — the <b>total</b> compounded return over the QuantStats beta, not annualised; 0 when β = 0.</summary>
    public static double TreynorRatio(ReadOnlySpan<double> returns, ReadOnlySpan<double> benchmark, double rf = 0)
    {
        double beta = Beta(returns, benchmark);
        return beta == 0 ? 0 : (ReturnStats.Comp(returns) - rf) / beta;
    }

    /// <summary><c>capture</c> (empyrical): annual_return(r) / annual_return(b), CAGRs with years = N / periods. NaN when empty.</summary>
    public static double Capture(ReadOnlySpan<double> returns, ReadOnlySpan<double> benchmark, double periods = DefaultPeriods)
    {
        Guard.SameLength(returns, benchmark, nameof(returns), nameof(benchmark));
        return BenchmarkStats.Capture(returns, benchmark, periods, PairFilter.All);
    }

    /// <summary><c>up_capture</c> (empyrical): <see cref="Capture"/> on the periods with b &gt; 0, each CAGR with years = subset length / periods. NaN without such a period.</summary>
    public static double UpCapture(ReadOnlySpan<double> returns, ReadOnlySpan<double> benchmark, double periods = DefaultPeriods)
    {
        Guard.SameLength(returns, benchmark, nameof(returns), nameof(benchmark));
        return BenchmarkStats.Capture(returns, benchmark, periods, PairFilter.BenchmarkUp);
    }

    /// <summary><c>down_capture</c> (empyrical): <see cref="Capture"/> on the periods with b &lt; 0. NaN without such a period.</summary>
    public static double DownCapture(ReadOnlySpan<double> returns, ReadOnlySpan<double> benchmark, double periods = DefaultPeriods)
    {
        Guard.SameLength(returns, benchmark, nameof(returns), nameof(benchmark));
        return BenchmarkStats.Capture(returns, benchmark, periods, PairFilter.BenchmarkDown);
    }

    /// <summary><c>up_down_capture</c> (empyrical): up_capture / down_capture.</summary>
    public static double UpDownCapture(ReadOnlySpan<double> returns, ReadOnlySpan<double> benchmark, double periods = DefaultPeriods) =>
        UpCapture(returns, benchmark, periods) / DownCapture(returns, benchmark, periods);

    /// <summary><c>up_alpha_beta</c> (empyrical): [alpha_compounded, empyrical beta] on the periods with b &gt; 0 (NaN where undefined).</summary>
    public static (double Alpha, double Beta) UpAlphaBeta(ReadOnlySpan<double> returns, ReadOnlySpan<double> benchmark,
        double periods = DefaultPeriods) => SubsetAlphaBeta(returns, benchmark, periods, PairFilter.BenchmarkUp);

    /// <summary><c>down_alpha_beta</c> (empyrical): [alpha_compounded, empyrical beta] on the periods with b &lt; 0 (NaN where undefined).</summary>
    public static (double Alpha, double Beta) DownAlphaBeta(ReadOnlySpan<double> returns, ReadOnlySpan<double> benchmark,
        double periods = DefaultPeriods) => SubsetAlphaBeta(returns, benchmark, periods, PairFilter.BenchmarkDown);

    /// <summary>
    /// <c>beta_fragility_heuristic</c> (empyrical): pairs with a NaN dropped and sorted by b (stable); with the first,
    /// middle (index round-half-even(n/2)) and last pairs, w_s·r_s + w_e·r_e − r_mid where
    /// w_s = (b_mid − b_s)/(b_e − b_s), w_e = (b_e − b_mid)/(b_e − b_s) (0.5 each when b_e = b_s). Handles NaN. NaN when N &lt; 3.
    /// </summary>
    public static double BetaFragilityHeuristic(ReadOnlySpan<double> returns, ReadOnlySpan<double> benchmark)
    {
        Guard.SameLength(returns, benchmark, nameof(returns), nameof(benchmark));
        return BenchmarkStats.BetaFragilityHeuristic(returns, benchmark);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    static double SortinoCore(ReadOnlySpan<double> returns, double rf, double periods, bool smart)
    {
        double rfp = ReturnStats.PerPeriod(rf, periods);
        var m = Moments.Of(returns);
        double penalty = smart ? RiskStats.AutocorrPenalty(returns) : 1;
        return RiskStats.Sortino(m.Mean - rfp, RiskStats.DownsideSquares(returns, rfp), returns.Length, periods, penalty);
    }

    static double Probabilistic(double ratio, in Moments m, double rf) =>
        RiskStats.Probabilistic(ratio, DistributionStats.Skew(m), DistributionStats.Kurtosis(m), m.Count, rf);

    static PairMoments Pair(ReadOnlySpan<double> returns, ReadOnlySpan<double> benchmark)
    {
        Guard.SameLength(returns, benchmark, nameof(returns), nameof(benchmark));
        return PairMoments.Of(returns, benchmark);
    }

    static (double, double) SubsetAlphaBeta(ReadOnlySpan<double> returns, ReadOnlySpan<double> benchmark, double periods, PairFilter filter)
    {
        Guard.SameLength(returns, benchmark, nameof(returns), nameof(benchmark));
        var m = PairMoments.Of(returns, benchmark, filter);
        return (BenchmarkStats.AlphaCompounded(m, 0, periods), BenchmarkStats.EmpyricalBeta(m));
    }

    static double Sum(ReadOnlySpan<double> x)
    {
        double sum = 0;
        foreach (double v in x) sum += v;
        return sum;
    }

    static double Max(ReadOnlySpan<double> x)
    {
        double max = x[0];
        foreach (double v in x) max = Math.Max(max, v);
        return max;
    }

    static double Min(ReadOnlySpan<double> x)
    {
        double min = x[0];
        foreach (double v in x) min = Math.Min(min, v);
        return min;
    }
}
