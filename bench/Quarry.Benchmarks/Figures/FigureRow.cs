namespace Quarry.Benchmarks.Figures;

/// <summary>One line of the figures table; <paramref name="Met"/> is null when the item has no target.</summary>
/// <param name="Name">What was measured.</param>
/// <param name="Value">The headline figure (median), with its unit.</param>
/// <param name="Best">The fastest sample, showing how noisy the machine was.</param>
/// <param name="PerUnit">The figure per bar (or per bar × cell), or another derived figure.</param>
/// <param name="Allocated">Bytes allocated per call (or per cell).</param>
/// <param name="Target">The target, or "—".</param>
/// <param name="Met">Whether the target is met.</param>
internal sealed record FigureRow(string Name, string Value, string Best, string PerUnit, string Allocated, string Target, bool? Met);
