using Quarry.Optimization.Distributions;

namespace Quarry.Optimization.Tests.Samplers.Tpe;

/// <summary>A study view over a fixed list of trials (a view of data for sampler unit tests, not a behaviour mock).</summary>
internal sealed class ListStudyView(string name, StudyDirection direction, IReadOnlyList<FrozenTrial> trials) : IStudyView
{
    public string Name { get; } = name;

    public StudyDirection Direction { get; } = direction;

    public IReadOnlyList<FrozenTrial> GetTrials(IReadOnlyCollection<TrialState>? states = null) =>
        states is null ? trials : trials.Where(t => states.Contains(t.State)).ToList();
}

internal static class TpeTestData
{
    static readonly IReadOnlyDictionary<string, string> NoAttrs = new Dictionary<string, string>();

    /// <summary>A trial with the given number (TrialId = number + 1).</summary>
    public static FrozenTrial Trial(int number, TrialState state, double? value,
        IReadOnlyDictionary<string, double> ps, IReadOnlyDictionary<string, Distribution> ds,
        IReadOnlyDictionary<int, double>? intermediate = null, IReadOnlyDictionary<string, string>? system = null) =>
        new(number + 1, number, state, value, ps, ds, intermediate ?? new Dictionary<int, double>(), NoAttrs,
            system ?? NoAttrs, DateTime.UnixEpoch, state.IsFinished() ? DateTime.UnixEpoch : null);

    /// <summary>A one-parameter trial x.</summary>
    public static FrozenTrial X(int number, TrialState state, double? value, double x, Distribution dist,
        IReadOnlyDictionary<int, double>? intermediate = null, IReadOnlyDictionary<string, string>? system = null) =>
        Trial(number, state, value, new Dictionary<string, double> { ["x"] = x }, new Dictionary<string, Distribution> { ["x"] = dist },
            intermediate, system);

    /// <summary>The running trial a sampler is asked about (no params yet).</summary>
    public static FrozenTrial Current(int number) =>
        Trial(number, TrialState.Running, null, new Dictionary<string, double>(), new Dictionary<string, Distribution>());
}
