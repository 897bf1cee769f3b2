using System.Globalization;
using Quarry.Core;
using Quarry.Optimization.Internal;

namespace Quarry.Optimization.Pruners;

/// <summary>
/// Asynchronous successive halving (ASHA), as Optuna's SuccessiveHalvingPruner. A trial's rung is the number of
/// consecutive system attributes <c>completed_rung_k</c> it holds. With <c>value</c> = the intermediate value at its last
/// step, while <c>step ≥ minResource · reductionFactor^(minEarlyStoppingRate + rung)</c>: a NaN value prunes; otherwise
/// the value is stored as <c>completed_rung_&lt;rung&gt;</c> and compared with every trial's value at that rung (any state,
/// plus this one): with at most <c>bootstrapCount</c> competitors it prunes; it is promoted (rung + 1, and the loop
/// repeats) only when within the top ⌊n / reductionFactor⌋ values, or — for the first reductionFactor − 1 arrivals —
/// when it is the best so far; otherwise it prunes.
/// <para>
/// <c>minResource</c> null ("auto"): unknown (never prunes) until a trial is Complete; then
/// max(max last step of Complete trials / 100, 1), computed once and cached in this instance (per process, as Optuna).
/// Thread-safe.
/// </para>
/// </summary>
public sealed class SuccessiveHalvingPruner : IPruner
{
    readonly int _reductionFactor, _minEarlyStoppingRate, _bootstrapCount;
    int _minResource; // 0 = not known yet

    /// <summary>
    /// Creates the pruner. Throws InvalidParameter for minResource &lt; 1, reductionFactor &lt; 2, negative rate or
    /// bootstrap count, or a bootstrap count with an automatic minResource (as Optuna).
    /// </summary>
    public SuccessiveHalvingPruner(int? minResource = null, int reductionFactor = 4, int minEarlyStoppingRate = 0, int bootstrapCount = 0)
    {
        if (minResource is < 1) throw PercentilePruner.Bad("minResource", minResource, "≥ 1, or null for auto");
        if (reductionFactor < 2) throw PercentilePruner.Bad("reductionFactor", reductionFactor, "≥ 2");
        if (minEarlyStoppingRate < 0) throw PercentilePruner.Bad("minEarlyStoppingRate", minEarlyStoppingRate, "≥ 0");
        if (bootstrapCount < 0) throw PercentilePruner.Bad("bootstrapCount", bootstrapCount, "≥ 0");
        if (bootstrapCount > 0 && minResource is null)
            throw new QuarryException(ErrorCode.InvalidParameter, "bootstrapCount > 0 needs an explicit minResource (it cannot be combined with auto).");
        (_minResource, _reductionFactor, _minEarlyStoppingRate, _bootstrapCount) = (minResource ?? 0, reductionFactor, minEarlyStoppingRate, bootstrapCount);
    }

    /// <summary>The system attribute holding a trial's value at rung <paramref name="rung"/>.</summary>
    public static string RungKey(int rung) => string.Create(CultureInfo.InvariantCulture, $"completed_rung_{rung}");

    /// <inheritdoc />
    public bool Prune(IStudyView study, FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        if (trial.LastStep is not { } step) return false;
        int rung = 0;
        while (trial.SystemAttributes.ContainsKey(RungKey(rung))) rung++;
        double value = trial.IntermediateValues[step];
        IReadOnlyList<FrozenTrial>? trials = null;
        while (true)
        {
            int minResource = Volatile.Read(ref _minResource);
            if (minResource == 0)
            {
                trials ??= study.GetTrials();
                minResource = EstimateMinResource(trials);
                if (minResource == 0) return false;
                Volatile.Write(ref _minResource, minResource);
            }
            double promotionStep = minResource * Math.Pow(_reductionFactor, _minEarlyStoppingRate + rung);
            if (step < promotionStep) return false;
            if (double.IsNaN(value)) return true;
            trials ??= study.GetTrials();
            string key = RungKey(rung);
            study.SetTrialSystemAttribute(trial.TrialId, key, JsonText.Serialize(value));
            var competing = new List<double>();
            foreach (var t in trials)
                if (t.TrialId != trial.TrialId && t.SystemAttributes.TryGetValue(key, out var json)) competing.Add(JsonText.Deserialize<double>(json));
            competing.Add(value);
            if (competing.Count <= _bootstrapCount) return true;
            if (!IsPromotable(value, competing, _reductionFactor, study.Direction)) return true;
            rung++;
        }
    }

    static int EstimateMinResource(IReadOnlyList<FrozenTrial> trials)
    {
        int maxStep = -1;
        foreach (var t in trials)
            if (t.State == TrialState.Complete && t.LastStep is { } s && s > maxStep) maxStep = s;
        return maxStep < 0 ? 0 : Math.Max(maxStep / 100, 1);
    }

    internal static bool IsPromotable(double value, List<double> competing, int reductionFactor, StudyDirection direction)
    {
        int index = Math.Max(competing.Count / reductionFactor - 1, 0);
        competing.Sort();
        return direction == StudyDirection.Maximize ? value >= competing[^(index + 1)] : value <= competing[index];
    }
}
