using Quarry.Optimization.Distributions;

namespace Quarry.Optimization;

/// <summary>
/// An immutable snapshot of a trial as the storage holds it. Parameter values are in the distributions' internal
/// representation (<see cref="Distribution.ToExternal"/> converts them). Attribute values are JSON text.
/// </summary>
/// <param name="TrialId">Storage id, unique across studies.</param>
/// <param name="Number">Dense 0-based number within the study, in creation order.</param>
/// <param name="State">Current state.</param>
/// <param name="Value">Objective value once Complete; for a Pruned trial its last intermediate value (as Optuna does) when it was not NaN; null otherwise (±∞ allowed).</param>
/// <param name="Params">Internal parameter values by name.</param>
/// <param name="Distributions">Each parameter's distribution.</param>
/// <param name="IntermediateValues">Reported values by step.</param>
/// <param name="UserAttributes">User attributes (JSON values).</param>
/// <param name="SystemAttributes">System attributes (JSON values): fixed_params, constraints, retry_history, ...</param>
/// <param name="Start">When it started running (UTC), null while waiting.</param>
/// <param name="Complete">When it finished (UTC), null while not finished.</param>
public sealed record FrozenTrial(
    long TrialId, int Number, TrialState State, double? Value,
    IReadOnlyDictionary<string, double> Params, IReadOnlyDictionary<string, Distribution> Distributions,
    IReadOnlyDictionary<int, double> IntermediateValues,
    IReadOnlyDictionary<string, string> UserAttributes, IReadOnlyDictionary<string, string> SystemAttributes,
    DateTime? Start, DateTime? Complete)
{
    /// <summary>System attribute holding the constraint values (JSON array); feasible when all are ≤ 0.</summary>
    public const string ConstraintsKey = "constraints";

    /// <summary>System attribute holding enqueued parameter values (JSON object name → external value).</summary>
    public const string FixedParamsKey = "fixed_params";

    /// <summary>The user-facing value of a parameter.</summary>
    public object Param(string name) => Distributions[name].ToExternal(Params[name]);

    /// <summary>Whether the trial is Complete, Pruned or Fail.</summary>
    public bool IsFinished => State.IsFinished();

    /// <summary>The last reported step, or null when nothing was reported.</summary>
    public int? LastStep => IntermediateValues.Count == 0 ? null : IntermediateValues.Keys.Max();

    /// <summary>Constraint values reported by the objective, or null when none were; feasible when every value is ≤ 0.</summary>
    public IReadOnlyList<double>? Constraints =>
        SystemAttributes.TryGetValue(ConstraintsKey, out var json) ? System.Text.Json.JsonSerializer.Deserialize<double[]>(json, Internal.JsonText.Options) : null;

    /// <summary>Whether the trial satisfies its constraints (true when it reported none).</summary>
    public bool IsFeasible => Constraints?.All(c => c <= 0) ?? true;
}
