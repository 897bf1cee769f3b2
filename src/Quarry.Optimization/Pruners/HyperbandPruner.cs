using System.Globalization;
using System.Text;
using Quarry.Optimization.Internal;

namespace Quarry.Optimization.Pruners;

/// <summary>
/// Hyperband as Optuna's HyperbandPruner: several <see cref="SuccessiveHalvingPruner"/> brackets, bracket s using
/// minEarlyStoppingRate = s. With <c>maxResource</c> null ("auto") it never prunes until a trial is Complete, then uses
/// max(last step of Complete trials) + 1 (computed once, per instance). The number of brackets is
/// ⌊log_rf(maxResource / minResource)⌋ + 1; bracket s gets budget ⌈n · rf^(n−1−s) / (n−s)⌉, and a trial's bracket is
/// crc32("{study name}_{trial number}") mod the total budget, mapped through the cumulative budgets — deterministic, so
/// the same study name reproduces the same assignment. Both the pruner and the sampler (through
/// <see cref="Study.Ask"/>) see only the trials of the trial's bracket, as Optuna's _BracketStudy. Thread-safe.
/// </summary>
public sealed class HyperbandPruner : IPruner
{
    readonly int _minResource, _reductionFactor, _bootstrapCount;
    readonly int? _maxResource;
    Brackets? _brackets;

    /// <summary>Creates the pruner; throws InvalidParameter for minResource &lt; 1, maxResource &lt; minResource, reductionFactor &lt; 2 or a negative bootstrap count.</summary>
    public HyperbandPruner(int minResource = 1, int? maxResource = null, int reductionFactor = 3, int bootstrapCount = 0)
    {
        if (minResource < 1) throw PercentilePruner.Bad("minResource", minResource, "≥ 1");
        if (maxResource is { } max && max < minResource) throw PercentilePruner.Bad("maxResource", max, $"≥ minResource ({minResource}), or null for auto");
        if (reductionFactor < 2) throw PercentilePruner.Bad("reductionFactor", reductionFactor, "≥ 2");
        if (bootstrapCount < 0) throw PercentilePruner.Bad("bootstrapCount", bootstrapCount, "≥ 0");
        (_minResource, _maxResource, _reductionFactor, _bootstrapCount) = (minResource, maxResource, reductionFactor, bootstrapCount);
    }

    sealed record Brackets(SuccessiveHalvingPruner[] Pruners, int[] Budgets, long Total);

    /// <summary>Number of brackets, or null while the maximum resource is not known yet.</summary>
    public int? BracketCount => _brackets?.Pruners.Length;

    /// <inheritdoc />
    public bool Prune(IStudyView study, FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        var brackets = Initialize(study);
        if (brackets is null) return false;
        int id = BracketOf(brackets, study.Name, trial.Number);
        return brackets.Pruners[id].Prune(new BracketView(study, brackets, id), trial);
    }

    /// <summary>The bracket of trial <paramref name="number"/> in study <paramref name="studyName"/>, or null before initialisation.</summary>
    public int? BracketOf(string studyName, int number) => _brackets is { } b ? BracketOf(b, studyName, number) : null;

    /// <summary>The view the sampler should use for <paramref name="trial"/>: its bracket's trials (all trials before initialisation).</summary>
    internal IStudyView FilterStudy(IStudyView study, FrozenTrial trial) =>
        _brackets is { } b ? new BracketView(study, b, BracketOf(b, study.Name, trial.Number)) : study;

    Brackets? Initialize(IStudyView study)
    {
        if (_brackets is { } existing) return existing;
        int maxResource;
        if (_maxResource is { } fixedMax) maxResource = fixedMax;
        else
        {
            int maxStep = -1;
            foreach (var t in study.GetTrials([TrialState.Complete]))
                if (t.LastStep is { } s && s > maxStep) maxStep = s;
            if (maxStep < 0) return null;
            maxResource = maxStep + 1;
        }
        int n = (int)Math.Floor(Math.Log((double)maxResource / _minResource) / Math.Log(_reductionFactor)) + 1;
        var pruners = new SuccessiveHalvingPruner[n];
        var budgets = new int[n];
        long total = 0;
        for (int id = 0; id < n; id++)
        {
            int s = n - 1 - id;
            long numerator = n * (long)Math.Pow(_reductionFactor, s);
            budgets[id] = (int)((numerator + s) / (s + 1));
            total += budgets[id];
            pruners[id] = new SuccessiveHalvingPruner(_minResource, _reductionFactor, id, _bootstrapCount);
        }
        var created = new Brackets(pruners, budgets, total);
        return Interlocked.CompareExchange(ref _brackets, created, null) ?? created;
    }

    static int BracketOf(Brackets brackets, string studyName, int number)
    {
        long n = Crc32.Compute(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{studyName}_{number}"))) % brackets.Total;
        for (int id = 0; id < brackets.Budgets.Length; id++)
        {
            n -= brackets.Budgets[id];
            if (n < 0) return id;
        }
        throw new InvalidOperationException("Unreachable: the bracket budgets cover the total.");
    }

    /// <summary>The study restricted to one bracket's trials; writes go through to the study.</summary>
    sealed class BracketView(IStudyView study, Brackets brackets, int bracket) : IStudyView
    {
        public string Name => study.Name;

        public StudyDirection Direction => study.Direction;

        public IReadOnlyList<FrozenTrial> GetTrials(IReadOnlyCollection<TrialState>? states = null) =>
            [.. study.GetTrials(states).Where(t => BracketOf(brackets, study.Name, t.Number) == bracket)];

        public void SetTrialSystemAttribute(long trialId, string key, string json) => study.SetTrialSystemAttribute(trialId, key, json);
    }
}
