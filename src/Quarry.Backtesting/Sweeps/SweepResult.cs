namespace Quarry.Backtesting.Sweeps;

/// <summary>All cells of a sweep in grid order, with how it ran.</summary>
/// <param name="Cells">Every cell, in grid order.</param>
/// <param name="ElapsedSeconds">Wall time of the sweep itself (data loading and start-up excluded).</param>
/// <param name="Jobs">Degree of parallelism used.</param>
/// <param name="Vectorized">Whether the vectorised signal path was used.</param>
public sealed record SweepResult(IReadOnlyList<SweepCell> Cells, double ElapsedSeconds, int Jobs, bool Vectorized);
