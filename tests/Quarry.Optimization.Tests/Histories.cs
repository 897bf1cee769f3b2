using Quarry.Optimization.Storage;

namespace Quarry.Optimization.Tests;

/// <summary>Builds hand-made trial histories in a study's storage, for pruner and sampler tests.</summary>
public static class Histories
{
    public static Study NewStudy(StudyDirection direction = StudyDirection.Minimize, string? name = null, IStudyStorage? storage = null) =>
        Study.Create(name ?? $"test-{Guid.NewGuid():N}", direction, storage: storage ?? new InMemoryStudyStorage());

    /// <summary>A Complete trial with intermediate values (step → value) given as pairs.</summary>
    public static FrozenTrial Complete(this Study study, double value, params double[] stepValuePairs) =>
        study.Storage.CreateTrial(study.Id, new TrialTemplate
        {
            State = TrialState.Complete,
            Value = value,
            IntermediateValues = Pairs(stepValuePairs),
        });

    /// <summary>A Pruned trial with intermediate values.</summary>
    public static FrozenTrial Pruned(this Study study, params double[] stepValuePairs) =>
        study.Storage.CreateTrial(study.Id, new TrialTemplate { State = TrialState.Pruned, IntermediateValues = Pairs(stepValuePairs) });

    /// <summary>A Running trial with intermediate values and optional system attributes; returns its fresh snapshot.</summary>
    public static FrozenTrial Running(this Study study, IReadOnlyDictionary<string, string>? system = null, params double[] stepValuePairs)
    {
        var t = study.Storage.CreateTrial(study.Id, new TrialTemplate
        {
            State = TrialState.Running,
            IntermediateValues = Pairs(stepValuePairs),
            SystemAttributes = system ?? new Dictionary<string, string>(),
        });
        return study.Storage.GetTrial(t.TrialId);
    }

    /// <summary>Reports more intermediate values to a running trial; returns its fresh snapshot.</summary>
    public static FrozenTrial Report(this Study study, FrozenTrial trial, params double[] stepValuePairs)
    {
        foreach (var (step, value) in Pairs(stepValuePairs)) study.Storage.SetIntermediateValue(trial.TrialId, step, value);
        return study.Storage.GetTrial(trial.TrialId);
    }

    static Dictionary<int, double> Pairs(double[] pairs)
    {
        var result = new Dictionary<int, double>();
        for (int i = 0; i < pairs.Length; i += 2) result[(int)pairs[i]] = pairs[i + 1];
        return result;
    }
}
