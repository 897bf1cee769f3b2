using Quarry.Optimization.Distributions;

namespace Quarry.Optimization;

/// <summary>What a new trial starts with: a Waiting trial with fixed parameters (enqueue), or a finished trial added whole.</summary>
public sealed record TrialTemplate
{
    /// <summary>Initial state (Running when null is passed to CreateTrial).</summary>
    public TrialState State { get; init; } = TrialState.Waiting;

    /// <summary>Value for a Complete trial.</summary>
    public double? Value { get; init; }

    /// <summary>Internal parameter values.</summary>
    public IReadOnlyDictionary<string, double> Params { get; init; } = new Dictionary<string, double>();

    /// <summary>Distributions of <see cref="Params"/>.</summary>
    public IReadOnlyDictionary<string, Distribution> Distributions { get; init; } = new Dictionary<string, Distribution>();

    /// <summary>Intermediate values by step.</summary>
    public IReadOnlyDictionary<int, double> IntermediateValues { get; init; } = new Dictionary<int, double>();

    /// <summary>User attributes (JSON values).</summary>
    public IReadOnlyDictionary<string, string> UserAttributes { get; init; } = new Dictionary<string, string>();

    /// <summary>System attributes (JSON values).</summary>
    public IReadOnlyDictionary<string, string> SystemAttributes { get; init; } = new Dictionary<string, string>();
}
