namespace Quarry.Core;

/// <summary>SMA, EMA and WMA kernels behind <see cref="Indicators"/>; see there for formulas and NaN behaviour.</summary>
internal static class MovingAverageKernels
{
    public static void Sma(ReadOnlySpan<double> source, int period, Span<double> destination)
    {
        KernelGuard.Period(period, nameof(period));
        KernelGuard.Output(source, destination, nameof(source), nameof(destination));
        var window = new RollingWindow(source, period, withM2: false);
        for (int i = 0; i < source.Length; i++)
            destination[i] = window.Advance(i) ? window.Mean : double.NaN;
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
        double sum = 0, weighted = 0;   // plain and weighted sums of the current window
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
            if (stale || ++sinceExact >= period)
            {
                // Exact recomputation every `period` steps bounds the rounding drift of the running sums.
                sum = 0;
                weighted = 0;
                ReadOnlySpan<double> window = source.Slice(i - period + 1, period);
                for (int k = 0; k < period; k++)
                {
                    sum += window[k];
                    weighted += (k + 1) * window[k];
                }
                sinceExact = 0;
                stale = false;
            }
            else
            {
                // Sliding by one lowers every old weight by 1 (dropping the oldest) and adds x with weight `period`.
                weighted += period * x - sum;
                sum += x - source[i - period];
            }
            destination[i] = weighted / weightSum;
        }
    }
}
