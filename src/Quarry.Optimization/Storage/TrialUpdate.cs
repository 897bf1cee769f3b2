using System.Collections.ObjectModel;
using System.Globalization;
using Quarry.Core;
using Quarry.Optimization.Distributions;

namespace Quarry.Optimization.Storage;

/// <summary>
/// Writes to one unfinished trial that <see cref="IStudyStorage.UpdateTrial"/> applies together: parameters (upserted;
/// a parameter already stored with another distribution is an error), intermediate values and attributes (upserted),
/// a heartbeat, and optionally the final state. A worker's tell is one update (the parameters it suggested plus the
/// state), so a SQL storage finishes a trial in one transaction. Immutable; the empty update changes nothing.
/// </summary>
public sealed record TrialUpdate
{
    /// <summary>Internal parameter values to store.</summary>
    public IReadOnlyDictionary<string, double> Params { get; init; } = ReadOnlyDictionary<string, double>.Empty;

    /// <summary>Distributions of <see cref="Params"/> (one per parameter, no more).</summary>
    public IReadOnlyDictionary<string, Distribution> Distributions { get; init; } = ReadOnlyDictionary<string, Distribution>.Empty;

    /// <summary>Intermediate values by step (NaN and ±∞ are stored as such).</summary>
    public IReadOnlyDictionary<int, double> IntermediateValues { get; init; } = ReadOnlyDictionary<int, double>.Empty;

    /// <summary>User attributes (JSON values).</summary>
    public IReadOnlyDictionary<string, string> UserAttributes { get; init; } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>System attributes (JSON values).</summary>
    public IReadOnlyDictionary<string, string> SystemAttributes { get; init; } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>Record a heartbeat (storage clock), as <see cref="IStudyStorage.RecordHeartbeat"/>.</summary>
    public bool Heartbeat { get; init; }

    /// <summary>Finish the trial in this state (Complete, Pruned or Fail), after the other writes; null = leave it unfinished.</summary>
    public TrialState? State { get; init; }

    /// <summary>The value stored with <see cref="State"/>: required (not NaN) for Complete, optional for Pruned, none for Fail.</summary>
    public double? Value { get; init; }

    /// <summary>Whether the update writes nothing.</summary>
    public bool IsEmpty => Params.Count == 0 && IntermediateValues.Count == 0 && UserAttributes.Count == 0 && SystemAttributes.Count == 0
        && !Heartbeat && State is null;

    /// <summary>
    /// Throws a <see cref="QuarryException"/> (InvalidParameter) for a parameter without a distribution (or a distribution
    /// without a parameter), a value outside its distribution, a state that does not finish a trial, or a value that does
    /// not fit the state.
    /// </summary>
    public void Validate()
    {
        foreach (var (name, value) in Params)
        {
            if (!Distributions.TryGetValue(name, out var distribution))
                throw new QuarryException(ErrorCode.InvalidParameter, $"Parameter '{name}' has no distribution in the trial update (fix: add it to Distributions).");
            if (!distribution.Contains(value))
                throw new QuarryException(ErrorCode.InvalidParameter,
                    $"Parameter '{name}': {value.ToString("R", CultureInfo.InvariantCulture)} is outside {distribution}.");
        }
        foreach (var name in Distributions.Keys)
            if (!Params.ContainsKey(name))
                throw new QuarryException(ErrorCode.InvalidParameter, $"Distribution '{name}' has no parameter value in the trial update (fix: add it to Params).");
        if (State is { } state && !state.IsFinished())
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"A trial update can only finish a trial (Complete, Pruned or Fail), not move it to {state}; use SetState for Running.");
        if (Value is not null && State is not (TrialState.Complete or TrialState.Pruned))
            throw new QuarryException(ErrorCode.InvalidParameter, $"A value can only be stored with Complete or Pruned, not {State?.ToString() ?? "no state"}.");
        if (State == TrialState.Complete && (Value is not { } v || double.IsNaN(v)))
            throw new QuarryException(ErrorCode.InvalidParameter, "A Complete trial needs a value that is not NaN (tell NaN as Fail).");
        if (State == TrialState.Pruned && Value is { } p && double.IsNaN(p))
            throw new QuarryException(ErrorCode.InvalidParameter, "A Pruned trial's value cannot be NaN (store none).");
    }

    /// <summary>
    /// Throws ArgumentNullException for a null <paramref name="update"/> and a <see cref="QuarryException"/>
    /// (InvalidParameter) for one that does not finish its trial (no <see cref="State"/>), as
    /// <see cref="IStudyStorage.FinishAndStartTrial"/> requires.
    /// </summary>
    public static void CheckFinishes(TrialUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.State is null)
            throw new QuarryException(ErrorCode.InvalidParameter,
                "FinishAndStartTrial needs an update that finishes the trial (fix: set State to Complete, Pruned or Fail, or call UpdateTrial).");
    }

    /// <summary>
    /// <paramref name="trial"/> after this update: parameters, intermediate values and attributes merged in, and when
    /// finishing, the state, value and <paramref name="complete"/> time. Allocates new maps only for what changes.
    /// </summary>
    internal FrozenTrial ApplyTo(FrozenTrial trial, DateTime? complete)
    {
        var result = trial;
        if (Params.Count > 0)
            result = result with { Params = Merge(trial.Params, Params, StringComparer.Ordinal), Distributions = Merge(trial.Distributions, Distributions, StringComparer.Ordinal) };
        if (IntermediateValues.Count > 0)
        {
            var values = new SortedDictionary<int, double>();
            foreach (var (step, v) in trial.IntermediateValues) values[step] = v;
            foreach (var (step, v) in IntermediateValues) values[step] = v;
            result = result with { IntermediateValues = values.AsReadOnly() };
        }
        if (UserAttributes.Count > 0) result = result with { UserAttributes = Merge(trial.UserAttributes, UserAttributes, StringComparer.Ordinal) };
        if (SystemAttributes.Count > 0) result = result with { SystemAttributes = Merge(trial.SystemAttributes, SystemAttributes, StringComparer.Ordinal) };
        if (State is { } state) result = result with { State = state, Value = Value, Complete = complete };
        return result;
    }

    static IReadOnlyDictionary<TKey, TValue> Merge<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> source, IReadOnlyDictionary<TKey, TValue> changes,
        IEqualityComparer<TKey> comparer) where TKey : notnull
    {
        var copy = new Dictionary<TKey, TValue>(source.Count + changes.Count, comparer);
        foreach (var (k, v) in source) copy[k] = v;
        foreach (var (k, v) in changes) copy[k] = v;
        return copy.AsReadOnly();
    }
}
