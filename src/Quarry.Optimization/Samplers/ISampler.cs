using Quarry.Optimization.Distributions;

namespace Quarry.Optimization.Samplers;

/// <summary>
/// Proposes parameter values, reading past trials through the study (samplers hold no history of their own, so
/// every worker's sampler sees the same study). Relative sampling (several parameters jointly, e.g. multivariate
/// TPE) is optional: the default search space is empty and every parameter is sampled independently.
/// Implementations are used by one study at a time but may be called from several threads (jobs &gt; 1).
/// </summary>
public interface ISampler
{
    /// <summary>The parameters to sample jointly for <paramref name="trial"/>, or empty.</summary>
    IReadOnlyDictionary<string, Distribution> InferRelativeSearchSpace(IStudyView study, FrozenTrial trial) =>
        new Dictionary<string, Distribution>();

    /// <summary>Joint internal values for <paramref name="searchSpace"/>; parameters left out are sampled independently.</summary>
    IReadOnlyDictionary<string, double> SampleRelative(IStudyView study, FrozenTrial trial, IReadOnlyDictionary<string, Distribution> searchSpace) =>
        new Dictionary<string, double>();

    /// <summary>An internal value for one parameter.</summary>
    double SampleIndependent(IStudyView study, FrozenTrial trial, string name, Distribution distribution);

    /// <summary>Called when a trial starts, before any suggestion.</summary>
    void BeforeTrial(IStudyView study, FrozenTrial trial) { }

    /// <summary>Called after a trial finished, before its state is stored.</summary>
    void AfterTrial(IStudyView study, FrozenTrial trial, TrialState state, double? value) { }
}
