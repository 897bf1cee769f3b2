namespace Quarry.Tracking;

/// <summary>A run tag (an upsert: the last value wins). The tag <c>mlflow.runName</c> is the run's name.</summary>
/// <param name="Key">Name, ≤ 250 characters.</param>
/// <param name="Value">Value, ≤ 8000 characters.</param>
public sealed record RunTag(string Key, string Value);
