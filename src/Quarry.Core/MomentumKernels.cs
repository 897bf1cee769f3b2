namespace Quarry.Core;

/// <summary>RSI, MACD and ROC kernels behind <see cref="Indicators"/>; see there for formulas and NaN behaviour.</summary>
internal static class MomentumKernels
{
    public static void Rsi(ReadOnlySpan<double> source, int period, Span<double> destination)
    {
        KernelGuard.Period(period, nameof(period));
        KernelGuard.Output(source, destination, nameof(source), nameof(destination));
        int start = KernelGuard.FirstNonNaN(source);
        destination[..start].Fill(double.NaN);
        source = source[start..];
        destination = destination.Slice(start, source.Length);

        int n = source.Length;
        destination[..Math.Min(period, n)].Fill(double.NaN);
        if (n <= period) return;
        double avgGain = 0, avgLoss = 0;
        for (int i = 1; i <= period; i++)
            AddChange(source[i] - source[i - 1], ref avgGain, ref avgLoss);
        avgGain /= period;
        avgLoss /= period;
        destination[period] = RsiValue(avgGain, avgLoss);
        for (int i = period + 1; i < n; i++)
        {
            double gain = 0, loss = 0;
            AddChange(source[i] - source[i - 1], ref gain, ref loss);
            avgGain = (avgGain * (period - 1) + gain) / period;
            avgLoss = (avgLoss * (period - 1) + loss) / period;
            destination[i] = RsiValue(avgGain, avgLoss);
        }
    }

    /// <summary>Adds a price change to the gain or loss accumulator; a NaN change poisons both.</summary>
    static void AddChange(double change, ref double gain, ref double loss)
    {
        if (change > 0) gain += change;
        else if (change < 0) loss -= change;
        else if (double.IsNaN(change))
        {
            gain = double.NaN;
            loss = double.NaN;
        }
    }

    static double RsiValue(double avgGain, double avgLoss)
    {
        if (avgLoss == 0) return avgGain == 0 ? 50.0 : 100.0;
        return 100.0 - 100.0 / (1.0 + avgGain / avgLoss);
    }

    public static void Macd(ReadOnlySpan<double> source, int fast, int slow, int signal,
        Span<double> macd, Span<double> signalLine, Span<double> histogram)
    {
        KernelGuard.Period(fast, nameof(fast));
        KernelGuard.Period(slow, nameof(slow));
        KernelGuard.Period(signal, nameof(signal));
        KernelGuard.Output(source, macd, nameof(source), nameof(macd));
        KernelGuard.Output(source, signalLine, nameof(source), nameof(signalLine));
        KernelGuard.Output(source, histogram, nameof(source), nameof(histogram));
        int n = source.Length;
        KernelGuard.Distinct(macd, signalLine, n, nameof(macd), nameof(signalLine));
        KernelGuard.Distinct(macd, histogram, n, nameof(macd), nameof(histogram));
        KernelGuard.Distinct(signalLine, histogram, n, nameof(signalLine), nameof(histogram));

        macd = macd[..n];
        signalLine = signalLine[..n];
        MovingAverageKernels.EmaUnchecked(source, fast, macd);
        MovingAverageKernels.EmaUnchecked(source, slow, signalLine);   // slow EMA, held in signalLine as scratch
        for (int i = 0; i < n; i++) macd[i] -= signalLine[i];
        // The MACD line starts with NaNs until both EMAs exist; EmaUnchecked skips them, so the signal EMA is
        // seeded with the first `signal` defined MACD values.
        MovingAverageKernels.EmaUnchecked(macd, signal, signalLine);
        for (int i = 0; i < n; i++) histogram[i] = macd[i] - signalLine[i];
    }

    public static void Roc(ReadOnlySpan<double> source, int period, Span<double> destination)
    {
        KernelGuard.Period(period, nameof(period));
        KernelGuard.Output(source, destination, nameof(source), nameof(destination));
        int n = source.Length;
        destination[..Math.Min(period, n)].Fill(double.NaN);
        for (int i = period; i < n; i++)
            destination[i] = source[i] / source[i - period] - 1.0;
    }
}
