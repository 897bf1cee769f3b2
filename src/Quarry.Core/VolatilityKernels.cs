namespace Quarry.Core;

/// <summary>True range, ATR, rolling standard deviation, Bollinger bands and z-score kernels behind <see cref="Indicators"/>.</summary>
internal static class VolatilityKernels
{
    public static void TrueRange(ReadOnlySpan<double> high, ReadOnlySpan<double> low, ReadOnlySpan<double> close,
        Span<double> destination)
    {
        CheckBars(high, low, close, destination);
        for (int i = 0; i < high.Length; i++)
            destination[i] = TrueRangeAt(high, low, close, i);
    }

    public static void Atr(ReadOnlySpan<double> high, ReadOnlySpan<double> low, ReadOnlySpan<double> close, int period,
        Span<double> destination)
    {
        KernelGuard.Period(period, nameof(period));
        CheckBars(high, low, close, destination);
        int start = 0;
        while (start < high.Length && (double.IsNaN(high[start]) || double.IsNaN(low[start]) || double.IsNaN(close[start])))
            start++;
        destination[..start].Fill(double.NaN);
        high = high[start..];
        low = low[start..];
        close = close[start..];
        destination = destination.Slice(start, high.Length);

        int n = high.Length;
        destination[..Math.Min(period, n)].Fill(double.NaN);
        if (n <= period) return;
        double atr = 0;
        for (int i = 1; i <= period; i++) atr += TrueRangeAt(high, low, close, i);
        atr /= period;
        destination[period] = atr;
        for (int i = period + 1; i < n; i++)
        {
            atr = (atr * (period - 1) + TrueRangeAt(high, low, close, i)) / period;
            destination[i] = atr;
        }
    }

    /// <summary>max(h-l, |h-c[i-1]|, |l-c[i-1]|), or h-l at index 0. Math.Max propagates NaN.</summary>
    static double TrueRangeAt(ReadOnlySpan<double> high, ReadOnlySpan<double> low, ReadOnlySpan<double> close, int i)
    {
        double range = high[i] - low[i];
        if (i == 0) return range;
        double previous = close[i - 1];
        return Math.Max(range, Math.Max(Math.Abs(high[i] - previous), Math.Abs(low[i] - previous)));
    }

    static void CheckBars(ReadOnlySpan<double> high, ReadOnlySpan<double> low, ReadOnlySpan<double> close, Span<double> destination)
    {
        KernelGuard.SameLength(high, low, nameof(high), nameof(low));
        KernelGuard.SameLength(high, close, nameof(high), nameof(close));
        KernelGuard.Output(high, destination, nameof(high), nameof(destination));
        KernelGuard.Output(low, destination, nameof(low), nameof(destination));
        KernelGuard.Output(close, destination, nameof(close), nameof(destination));
    }

    public static void RollingStd(ReadOnlySpan<double> source, int period, Span<double> destination, int ddof)
    {
        KernelGuard.Period(period, nameof(period));
        ArgumentOutOfRangeException.ThrowIfNegative(ddof);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(ddof, period);
        KernelGuard.Output(source, destination, nameof(source), nameof(destination));
        double divisor = period - ddof;
        var window = new RollingWindow(source, period, withM2: true);
        for (int i = 0; i < source.Length; i++)
            destination[i] = window.Advance(i) ? Math.Sqrt(window.M2 / divisor) : double.NaN;
    }

    public static void Bollinger(ReadOnlySpan<double> source, int period, double width,
        Span<double> upper, Span<double> middle, Span<double> lower)
    {
        KernelGuard.Period(period, nameof(period));
        if (!double.IsFinite(width) || width < 0)
            throw new ArgumentOutOfRangeException(nameof(width), width, "Band width must be a finite number >= 0 (e.g. 2).");
        KernelGuard.Output(source, upper, nameof(source), nameof(upper));
        KernelGuard.Output(source, middle, nameof(source), nameof(middle));
        KernelGuard.Output(source, lower, nameof(source), nameof(lower));
        int n = source.Length;
        KernelGuard.Distinct(upper, middle, n, nameof(upper), nameof(middle));
        KernelGuard.Distinct(upper, lower, n, nameof(upper), nameof(lower));
        KernelGuard.Distinct(middle, lower, n, nameof(middle), nameof(lower));
        var window = new RollingWindow(source, period, withM2: true);
        for (int i = 0; i < n; i++)
        {
            if (window.Advance(i))
            {
                double mean = window.Mean, band = width * Math.Sqrt(window.M2 / period);
                upper[i] = mean + band;
                middle[i] = mean;
                lower[i] = mean - band;
            }
            else
            {
                upper[i] = middle[i] = lower[i] = double.NaN;
            }
        }
    }

    public static void ZScore(ReadOnlySpan<double> source, int period, Span<double> destination)
    {
        KernelGuard.Period(period, nameof(period));
        KernelGuard.Output(source, destination, nameof(source), nameof(destination));
        var window = new RollingWindow(source, period, withM2: true);
        for (int i = 0; i < source.Length; i++)
        {
            if (!window.Advance(i)) destination[i] = double.NaN;
            else if (window.IsConstant || window.M2 == 0) destination[i] = 0;
            else destination[i] = (source[i] - window.Mean) / Math.Sqrt(window.M2 / period);
        }
    }
}
