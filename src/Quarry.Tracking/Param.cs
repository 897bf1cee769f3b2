namespace Quarry.Tracking;

/// <summary>A run parameter: written once; the same value again is a no-op, a different one is rejected.</summary>
/// <param name="Key">Name, ≤ 250 characters.</param>
/// <param name="Value">Value, ≤ 6000 characters.</param>
public sealed record Param(string Key, string Value);
