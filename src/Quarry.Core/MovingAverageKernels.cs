namespace Quarry.Core;

/// <summary>SMA, EMA and WMA kernels behind <see cref="Indicators"/>; see there for formulas and NaN behaviour.</summary>
internal static class MovingAverageKernels
{
    public static void Sma(ReadOnlySpan<double> source, int period, Span<double> destination)
    {
        KernelGuard.Period(period, nameof(period));
        KernelGuard.Output(source, destination, nameof(source), nameof(destination));
        if (!AllFinite(source))
        {
            var window = new RollingWindow(source, period, withM2: false);
            for (int i = 0; i < source.Length; i++)
                destination[i] = window.Advance(i) ? window.Mean : double.NaN;
            return;
        }
        // Fast path for clean input (all prices are): a Neumaier-compensated running sum, recomputed exactly every
        // ExactInterval steps so that rounding never accumulates; about a third of the general path's cost.
        int warm = Math.Min(period - 1, source.Length);
        destination[..warm].Fill(double.NaN);
        double sum = 0, compensation = 0;
        for (int i = warm, sinceExact = ExactInterval; i < source.Length; i++)
        {
            if (++sinceExact >= ExactInterval)
            {
                (sum, compensation) = (0, 0);
                for (int k = i - period + 1; k <= i; k++) Neumaier(ref sum, ref compensation, source[k]);
                sinceExact = 0;
            }
            else
            {
                Neumaier(ref sum, ref compensation, source[i]);
                Neumaier(ref sum, ref compensation, -source[i - period]);
            }
            destination[i] = (sum + compensation) / period;
        }
    }

    const int ExactInterval = 1024;

    static void Neumaier(ref double sum, ref double compensation, double x)
    {
        double t = sum + x;
        compensation += Math.Abs(sum) >= Math.Abs(x) ? (sum - t) + x : (x - t) + sum;
        sum = t;
    }

    static bool AllFinite(ReadOnlySpan<double> source)
    {
        foreach (double x in source)
            if (!double.IsFinite(x)) return false;
        return true;
    }

    public static void Ema(ReadOnlySpan<double> source, int period, Span<double> destination)
    {
        KernelGuard.Period(period, nameof(period));
        KernelGuard.Output(source, destination, nameof(source), nameof(destination));
        EmaUnchecked(source, period, destination);
    }

    /// <summary>EMA after the argument checks; skips leading NaNs. Also used by MACD.</summary>
    public static void EmaUnchecked(ReadOnlySpan<double> source, int period, Span<double> destination)
    {
        int start = KernelGuard.FirstNonNaN(source);
        destination[..start].Fill(double.NaN);
        source = source[start..];
        destination = destination.Slice(start, source.Length);

        double alpha = 2.0 / (period + 1), sum = 0, ema = double.NaN;
        for (int i = 0; i < source.Length; i++)
        {
            if (i < period)
            {
                sum += source[i];
                if (i == period - 1) ema = sum / period;
            }
            else
            {
                ema += alpha * (source[i] - ema);
            }
            destination[i] = ema;
        }
    }

    public static void Wma(ReadOnlySpan<double> source, int period, Span<double> destination)
    {
        KernelGuard.Period(period, nameof(period));
        KernelGuard.Output(source, destination, nameof(source), nameof(destination));
        double weightSum = period * (period + 1.0) / 2.0;
        double sum = 0, weighted = 0, peak = 0;   // plain and weighted sums of the current window, peak |weighted|
        int lastBad = -1, sinceExact = 0;
        bool stale = true;
        for (int i = 0; i < source.Length; i++)
        {
            double x = source[i];
            if (!double.IsFinite(x)) lastBad = i;
            if (i < period - 1 || lastBad > i - period)
            {
                destination[i] = double.NaN;
                stale = true;
                continue;
            }
            // Exact recomputation every `period` steps bounds the rounding drift of the running sums.
            bool exact = stale || ++sinceExact >= period;
            if (!exact)
            {
                // Sliding by one lowers every old weight by 1 (dropping the oldest) and adds x with weight `period`.
                weighted += period * x - sum;
                sum += x - source[i - period];
                double magnitude = Math.Abs(weighted);
                if (magnitude > peak) peak = magnitude;
                else if (magnitude < peak * RollingWindow.CancellationRatio) exact = true;   // large values left
            }
            if (exact)
            {
                WindowSums(source.Slice(i - period + 1, period), out sum, out weighted);
                peak = Math.Abs(weighted);
                sinceExact = 0;
                stale = false;
            }
            destination[i] = weighted / weightSum;
        }
    }

    static void WindowSums(ReadOnlySpan<double> window, out double sum, out double weighted)
    {
        sum = 0;
        weighted = 0;
        for (int k = 0; k < window.Length; k++)
        {
            sum += window[k];
            weighted += (k + 1) * window[k];
        }
    }
}
