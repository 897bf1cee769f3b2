namespace Quarry.Optimization;

/// <summary>What one <see cref="Study.Optimize"/> call did.</summary>
/// <param name="Trials">The trials this call ran (final snapshots, in number order); other workers' trials are not included.</param>
/// <param name="Elapsed">Wall-clock time of the call (measured with <see cref="OptimizeOptions.Clock"/>).</param>
/// <param name="StopReason">Why it stopped (the first reason any worker observed).</param>
public sealed record OptimizeResult(IReadOnlyList<FrozenTrial> Trials, TimeSpan Elapsed, OptimizeStopReason StopReason);
