using Quarry.Analytics.Metrics.Internal;

namespace Quarry.Analytics.Metrics;

/// <summary>
/// Rolling (trailing-window) versions of the tearsheet's series metrics, QuantStats conventions: the value at index
/// <c>t</c> uses the <c>window</c> rows ending at <c>t</c>; the first <c>window − 1</c> outputs are NaN (pandas requires
/// a full window), as is every window holding a NaN or ±∞.
/// </summary>
/// <remarks>
/// O(n) per series: sliding sums updated as the window moves, recomputed exactly once per window length so rounding
/// does not accumulate; no allocation. Results are written to a caller-owned <c>destination</c> at least as long as
/// the input (<see cref="ArgumentException"/> otherwise); <c>window</c> must be ≥ 1
/// (<see cref="ArgumentOutOfRangeException"/>). Thread-safe.
/// </remarks>
public static class Rolling
{
    /// <summary>QuantStats' default rolling window (<c>rolling_period</c>): 126 rows, about six months of daily data.</summary>
    public const int DefaultWindow = 126;

    /// <summary>rolling_volatility: rolling std (ddof 1) × √periods. NaN for window = 1; 0 for a constant window.</summary>
    /// <param name="returns">Simple returns per period.</param>
    /// <param name="window">Rows per window, e.g. <see cref="DefaultWindow"/>.</param>
    /// <param name="periods">Periods per year, e.g. 252.</param>
    /// <param name="destination">Output, at least as long as <paramref name="returns"/>.</param>
    public static void Volatility(ReadOnlySpan<double> returns, int window, double periods, Span<double> destination)
    {
        Check(returns, window, destination);
        var w = new SlidingWindow(returns, window);
        double scale = Math.Sqrt(periods);
        for (int t = 0; t < returns.Length; t++)
            destination[t] = w.Advance(t) ? Math.Sqrt(w.Variance) * scale : double.NaN;
    }

    /// <summary>
    /// rolling_sharpe: rolling mean(x) / rolling std(x) (ddof 1) × √periods with x = r − rf_w, where QuantStats
    /// de-annualises <paramref name="rf"/> with the <b>window length</b>, rf_w = (1 + rf)^(1/window) − 1 (rf ≤ 0 ignored).
    /// ±∞ for a constant non-zero window, NaN for a constant zero window.
    /// </summary>
    /// <param name="returns">Simple returns per period.</param>
    /// <param name="window">Rows per window, e.g. <see cref="DefaultWindow"/>.</param>
    /// <param name="periods">Periods per year, e.g. 252.</param>
    /// <param name="destination">Output, at least as long as <paramref name="returns"/>.</param>
    /// <param name="rf">Annual risk-free rate (QuantStats <c>rf</c>).</param>
    public static void Sharpe(ReadOnlySpan<double> returns, int window, double periods, Span<double> destination, double rf = 0)
    {
        Check(returns, window, destination);
        double rfw = ReturnStats.PerPeriod(rf, window), scale = Math.Sqrt(periods);
        var w = new SlidingWindow(returns, window);
        for (int t = 0; t < returns.Length; t++)
            destination[t] = w.Advance(t) ? (w.Mean - rfw) / Math.Sqrt(w.Variance) * scale : double.NaN;
    }

    /// <summary>
    /// rolling_sortino: rolling mean(x) / sqrt(rolling Σ min(x, 0)² / window) × √periods with x = r − rf_w (rf
    /// de-annualised with the window length, as <see cref="Sharpe"/>). ±∞ for a window without a negative x (NaN if its
    /// mean is 0) — pandas division, unlike the scalar <see cref="Stats.Sortino"/>.
    /// </summary>
    /// <param name="returns">Simple returns per period.</param>
    /// <param name="window">Rows per window, e.g. <see cref="DefaultWindow"/>.</param>
    /// <param name="periods">Periods per year, e.g. 252.</param>
    /// <param name="destination">Output, at least as long as <paramref name="returns"/>.</param>
    /// <param name="rf">Annual risk-free rate (QuantStats <c>rf</c>).</param>
    public static void Sortino(ReadOnlySpan<double> returns, int window, double periods, Span<double> destination, double rf = 0)
    {
        Check(returns, window, destination);
        double rfw = ReturnStats.PerPeriod(rf, window), scale = Math.Sqrt(periods);
        var w = new SlidingWindow(returns, window, threshold: rfw);
        for (int t = 0; t < returns.Length; t++)
            destination[t] = w.Advance(t) ? (w.Mean - rfw) / Math.Sqrt(w.DownsideSquares / window) * scale : double.NaN;
    }

    /// <summary>
    /// Rolling beta (QuantStats rolling_greeks, as the tearsheet's rolling-beta plot): corr_w(r, b)·std_w(r)/std_w(b)
    /// = cov_w(r, b) / var_w(b). NaN when either series is constant over the window (the correlation is undefined).
    /// </summary>
    /// <param name="returns">Strategy returns per period.</param>
    /// <param name="benchmark">Benchmark returns aligned with <paramref name="returns"/>.</param>
    /// <param name="window">Rows per window (QuantStats rolling_greeks uses periods = 252; the tearsheet plots 126 and 252).</param>
    /// <param name="destination">Output, at least as long as <paramref name="returns"/>.</param>
    public static void Beta(ReadOnlySpan<double> returns, ReadOnlySpan<double> benchmark, int window, Span<double> destination)
    {
        Guard.SameLength(returns, benchmark, nameof(returns), nameof(benchmark));
        Check(returns, window, destination);
        var w = new SlidingPair(returns, benchmark, window);
        for (int t = 0; t < returns.Length; t++)
            destination[t] = w.Advance(t) && window > 1 && !w.EitherConstant ? w.Slope : double.NaN;
    }

    /// <summary>
    /// Rolling alpha of QuantStats rolling_greeks: α_t = mean(r) − β_t·mean(b) with the rolling <see cref="Beta"/> but
    /// <b>full-sample</b> means, not annualised (reproduced as specified).
    /// </summary>
    /// <param name="returns">Strategy returns per period.</param>
    /// <param name="benchmark">Benchmark returns aligned with <paramref name="returns"/>.</param>
    /// <param name="window">Rows per window.</param>
    /// <param name="destination">Output, at least as long as <paramref name="returns"/>.</param>
    public static void Alpha(ReadOnlySpan<double> returns, ReadOnlySpan<double> benchmark, int window, Span<double> destination)
    {
        Beta(returns, benchmark, window, destination);
        var m = PairMoments.Of(returns, benchmark);
        for (int t = 0; t < returns.Length; t++) destination[t] = m.MeanR - destination[t] * m.MeanB;
    }

    static void Check(ReadOnlySpan<double> returns, int window, Span<double> destination)
    {
        Guard.Window(window, nameof(window));
        Guard.Destination(returns.Length, destination, nameof(returns), nameof(destination));
    }
}
