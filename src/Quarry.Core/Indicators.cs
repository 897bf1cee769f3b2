namespace Quarry.Core;

/// <summary>
/// Technical indicators as allocation-free kernels over columnar data.
/// </summary>
/// <remarks>
/// <para>
/// Conventions shared by every method: inputs are <see cref="ReadOnlySpan{T}"/>s oldest first; results go to
/// caller-owned <see cref="Span{T}"/>s, of which only the first <c>source.Length</c> elements are written.
/// Arguments are checked once, before the loop: a period below 1 throws <see cref="ArgumentOutOfRangeException"/>;
/// an output shorter than the input, an output overlapping an input or another output (no in-place computation),
/// or inputs of different lengths throw <see cref="ArgumentException"/>. Nothing is allocated on the heap, there is
/// no shared state, and every method is thread-safe. Empty input writes nothing.
/// </para>
/// <para>
/// Warm-up outputs are <see cref="double.NaN"/>. NaN behaviour is kept simple (the engine feeds validated prices
/// without NaN): window kernels (SMA, WMA, standard deviation, Bollinger, z-score, highest/lowest) output NaN for
/// every window that contains a NaN and recover once it has left the window; the running-sum ones among them treat
/// ±∞ like NaN. Recursive kernels (EMA, RSI, ATR, MACD) skip leading NaNs, so they can be applied to another
/// indicator's output (warm-up included), and are seeded by the first values after them; any later NaN
/// makes every output from there on NaN.
/// </para>
/// <para>
/// Running sums are compensated (Neumaier) and recomputed exactly once per <c>period</c> steps, so a long series does not drift from the
/// naive window computation beyond one window's rounding error.
/// </para>
/// </remarks>
public static class Indicators
{
    /// <summary>
    /// Simple moving average: <c>destination[i] = (source[i-period+1] + ... + source[i]) / period</c>.
    /// Outputs before index <c>period - 1</c> are NaN. O(n).
    /// </summary>
    public static void Sma(ReadOnlySpan<double> source, int period, Span<double> destination)
        => MovingAverageKernels.Sma(source, period, destination);

    /// <summary>
    /// Exponential moving average with <c>alpha = 2 / (period + 1)</c>:
    /// <c>ema[period-1] = mean(source[0..period-1])</c>, then <c>ema[i] = ema[i-1] + alpha * (source[i] - ema[i-1])</c>.
    /// Outputs before index <c>period - 1</c> are NaN (counted from the first non-NaN input when the input starts
    /// with NaNs). A later NaN makes every following output NaN.
    /// </summary>
    public static void Ema(ReadOnlySpan<double> source, int period, Span<double> destination)
        => MovingAverageKernels.Ema(source, period, destination);

    /// <summary>
    /// Linearly weighted moving average, newest value heaviest:
    /// <c>destination[i] = sum(k = 1..period) k * source[i-period+k] / (period * (period + 1) / 2)</c>.
    /// Outputs before index <c>period - 1</c> are NaN. O(n).
    /// </summary>
    public static void Wma(ReadOnlySpan<double> source, int period, Span<double> destination)
        => MovingAverageKernels.Wma(source, period, destination);

    /// <summary>
    /// Wilder's relative strength index, 0 to 100. With changes <c>c[i] = source[i] - source[i-1]</c>, gains
    /// <c>max(c, 0)</c> and losses <c>max(-c, 0)</c>: the average gain and loss at index <c>period</c> are the simple
    /// means over <c>c[1..period]</c>, then <c>avg = (avg * (period - 1) + x) / period</c>.
    /// <c>RSI = 100 - 100 / (1 + avgGain / avgLoss)</c>; 100 when avgLoss is 0, 50 when both are 0.
    /// Outputs before index <c>period</c> are NaN; a NaN after the leading ones makes every later output NaN.
    /// </summary>
    public static void Rsi(ReadOnlySpan<double> source, int period, Span<double> destination)
        => MomentumKernels.Rsi(source, period, destination);

    /// <summary>
    /// Wilder's average true range (as TA-Lib and backtrader): <c>atr[period] = mean(TR[1..period])</c>, then
    /// <c>atr[i] = (atr[i-1] * (period - 1) + TR[i]) / period</c>, with TR as in <see cref="TrueRange"/>.
    /// In price units. Outputs before index <c>period</c> are NaN; bars are counted from the first one where
    /// high, low and close are all non-NaN, and a later NaN makes every following output NaN.
    /// </summary>
    public static void Atr(ReadOnlySpan<double> high, ReadOnlySpan<double> low, ReadOnlySpan<double> close, int period,
        Span<double> destination)
        => VolatilityKernels.Atr(high, low, close, period, destination);

    /// <summary>
    /// True range in price units: <c>max(high[i] - low[i], |high[i] - close[i-1]|, |low[i] - close[i-1]|)</c>,
    /// and <c>high[0] - low[0]</c> at index 0. A NaN among the values used makes that output NaN.
    /// </summary>
    public static void TrueRange(ReadOnlySpan<double> high, ReadOnlySpan<double> low, ReadOnlySpan<double> close,
        Span<double> destination)
        => VolatilityKernels.TrueRange(high, low, close, destination);

    /// <summary>
    /// Rolling standard deviation of the window ending at <c>i</c>:
    /// <c>sqrt(sum((x - mean)^2) / (period - ddof))</c>; <paramref name="ddof"/> = 0 (default) is the population
    /// deviation used by TA-Lib's and backtrader's Bollinger bands, 1 the sample deviation. A window of equal values
    /// gives exactly 0. Outputs before index <c>period - 1</c> are NaN. O(n).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ddof"/> is negative or not below <paramref name="period"/>.</exception>
    public static void RollingStd(ReadOnlySpan<double> source, int period, Span<double> destination, int ddof = 0)
        => VolatilityKernels.RollingStd(source, period, destination, ddof);

    /// <summary>
    /// Bollinger bands: <c>middle = SMA(period)</c> (bit-identical to <see cref="Sma"/>) and
    /// <c>upper/lower = middle ± width * σ</c>, σ the population standard deviation of the same window.
    /// Outputs before index <c>period - 1</c> are NaN in all three bands.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> is negative or not finite.</exception>
    public static void Bollinger(ReadOnlySpan<double> source, int period, double width,
        Span<double> upper, Span<double> middle, Span<double> lower)
        => VolatilityKernels.Bollinger(source, period, width, upper, middle, lower);

    /// <summary>
    /// Rolling z-score: <c>(source[i] - SMA) / σ</c>, σ the population standard deviation of the window ending at
    /// <c>i</c>; 0 when σ is 0 (a flat window). Outputs before index <c>period - 1</c> are NaN.
    /// </summary>
    public static void ZScore(ReadOnlySpan<double> source, int period, Span<double> destination)
        => VolatilityKernels.ZScore(source, period, destination);

    /// <summary>
    /// Moving average convergence/divergence: <c>macd = EMA(fast) - EMA(slow)</c>,
    /// <c>signalLine = EMA(signal)</c> of the MACD line seeded with its first <paramref name="signal"/> defined
    /// values, <c>histogram = macd - signalLine</c> (EMAs as in <see cref="Ema"/>). With a clean input the MACD line
    /// starts at index <c>max(fast, slow) - 1</c> and the signal and histogram at <c>max(fast, slow) + signal - 2</c>;
    /// earlier outputs are NaN.
    /// </summary>
    public static void Macd(ReadOnlySpan<double> source, int fast, int slow, int signal,
        Span<double> macd, Span<double> signalLine, Span<double> histogram)
        => MomentumKernels.Macd(source, fast, slow, signal, macd, signalLine, histogram);

    /// <summary>
    /// Rate of change as a fraction (0.05 = +5 %): <c>source[i] / source[i-period] - 1</c>.
    /// Outputs before index <c>period</c> are NaN; a NaN input affects only the two outputs that read it, and a zero
    /// denominator gives ±∞ or NaN.
    /// </summary>
    public static void Roc(ReadOnlySpan<double> source, int period, Span<double> destination)
        => MomentumKernels.Roc(source, period, destination);

    /// <summary>
    /// Rolling maximum of the window <c>source[i-period+1..i]</c> (inclusive). Outputs before index
    /// <c>period - 1</c> are NaN. O(n) with a monotonic deque kept on the stack (rented from
    /// <see cref="System.Buffers.ArrayPool{T}"/> and returned for periods above 256).
    /// </summary>
    public static void Highest(ReadOnlySpan<double> source, int period, Span<double> destination)
        => RollingExtremeKernels.Highest(source, period, destination);

    /// <summary>
    /// Rolling minimum of the window <c>source[i-period+1..i]</c> (inclusive). Outputs before index
    /// <c>period - 1</c> are NaN. O(n), as <see cref="Highest"/>.
    /// </summary>
    public static void Lowest(ReadOnlySpan<double> source, int period, Span<double> destination)
        => RollingExtremeKernels.Lowest(source, period, destination);

    /// <summary>
    /// Crossings of <paramref name="a"/> over <paramref name="b"/> with backtrader's CrossOver semantics:
    /// +1 at <c>i</c> when <c>a[i] - b[i] &gt; 0</c> and the last non-zero difference before <c>i</c> was negative,
    /// -1 symmetrically, 0 otherwise. A cross through an exact tie (differences -1, 0, +1) is reported at the bar
    /// where the difference becomes positive; a touch (-1, 0, -1) is not a cross; no cross is reported before the
    /// first non-zero difference. Indices where either input is NaN output 0 and are skipped as if absent.
    /// </summary>
    public static void Crossings(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> destination)
        => CrossKernels.Cross(a, b, destination, CrossKernels.Mode.Both);

    /// <summary>1 where <paramref name="a"/> crosses above <paramref name="b"/> (the +1s of <see cref="Crossings"/>), 0 elsewhere.</summary>
    public static void CrossOver(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> destination)
        => CrossKernels.Cross(a, b, destination, CrossKernels.Mode.Up);

    /// <summary>1 where <paramref name="a"/> crosses below <paramref name="b"/> (the -1s of <see cref="Crossings"/>), 0 elsewhere.</summary>
    public static void CrossUnder(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> destination)
        => CrossKernels.Cross(a, b, destination, CrossKernels.Mode.Down);
}
