namespace Quarry.Benchmarks.Figures;

/// <summary>What one measured item cost.</summary>
/// <param name="MedianSeconds">Median wall time of one call over the samples.</param>
/// <param name="MinSeconds">Fastest sample's time per call.</param>
/// <param name="AllocatedBytes">Bytes allocated by one call, all threads (smallest sample).</param>
/// <param name="Calls">Calls timed, warm-up excluded.</param>
/// <param name="WarmupSeconds">How long warming up took.</param>
internal readonly record struct Timing(double MedianSeconds, double MinSeconds, double AllocatedBytes, long Calls, double WarmupSeconds);
