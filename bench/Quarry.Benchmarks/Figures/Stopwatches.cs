using System.Diagnostics;

namespace Quarry.Benchmarks.Figures;

/// <summary>Warm-up-then-sample timing with <see cref="Stopwatch"/>: the figures mode's quick alternative to BenchmarkDotNet.</summary>
internal static class Stopwatches
{
    static readonly TimeSpan Round = TimeSpan.FromMilliseconds(100);
    const int SettledRounds = 6;

    /// <summary>
    /// Warms <paramref name="action"/> up until its speed settles, then takes <paramref name="samples"/> samples of
    /// enough calls each to last about <paramref name="sampleTime"/> (at least one call).
    /// </summary>
    /// <remarks>
    /// Tiered JIT keeps promoting methods for a second or more after they first run (longer while new code is still
    /// being jitted), so a fixed short warm-up under-reports steady-state speed severalfold. Warm-up runs in 100 ms rounds
    /// and stops once <paramref name="minWarmup"/> has passed and six rounds in a row were no more than 3 % faster than
    /// the best so far, or at <paramref name="maxWarmup"/>.
    /// </remarks>
    public static Timing Measure(Action action, int samples, TimeSpan sampleTime, TimeSpan minWarmup, TimeSpan maxWarmup)
    {
        long warmStart = Stopwatch.GetTimestamp();
        double perCall = WarmUp(action, minWarmup, maxWarmup);
        double warmup = Stopwatch.GetElapsedTime(warmStart).TotalSeconds;
        int repetitions = (int)Math.Clamp(sampleTime.TotalSeconds / perCall, 1, 1_000_000);
        var times = new double[samples];
        long allocated = long.MaxValue;
        for (int s = 0; s < samples; s++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            long t0 = Stopwatch.GetTimestamp();
            for (int r = 0; r < repetitions; r++) action();
            times[s] = Stopwatch.GetElapsedTime(t0).TotalSeconds / repetitions;
            allocated = Math.Min(allocated, GC.GetTotalAllocatedBytes(precise: true) - before);
        }
        Array.Sort(times);
        return new Timing(times[samples / 2], times[0], (double)allocated / repetitions, (long)samples * repetitions, warmup);
    }

    /// <summary>Returns the best per-call time seen while warming up.</summary>
    static double WarmUp(Action action, TimeSpan minWarmup, TimeSpan maxWarmup)
    {
        double best = double.MaxValue;
        int stale = 0;
        long start = Stopwatch.GetTimestamp();
        while (true)
        {
            long t0 = Stopwatch.GetTimestamp();
            int calls = 0;
            do { action(); calls++; } while (Stopwatch.GetElapsedTime(t0) < Round);
            double perCall = Stopwatch.GetElapsedTime(t0).TotalSeconds / calls;
            if (perCall < best * 0.97) stale = 0; else stale++;
            best = Math.Min(best, perCall);
            var elapsed = Stopwatch.GetElapsedTime(start);
            if ((elapsed >= minWarmup && stale >= SettledRounds) || elapsed >= maxWarmup) return best;
        }
    }
}
