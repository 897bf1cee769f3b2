using Quarry.Core;
using Quarry.Optimization.Distributions;
using Quarry.Optimization.Samplers;
using Quarry.Optimization.Samplers.Tpe;
using static Quarry.Optimization.Tests.Samplers.Tpe.TpeTestData;

namespace Quarry.Optimization.Tests.Samplers.Tpe;

public class TpeSplitTests
{
    static readonly FloatDistribution D = new(0, 10);

    static int[] Below(IStudyView view, int nBelow, Func<FrozenTrial, IReadOnlyList<double>>? constraints = null)
    {
        var cache = new TrialCache();
        cache.Sync(view, -1, constraints);
        var mask = new bool[cache.Count];
        cache.SelectBelow(nBelow, mask);
        return [.. Enumerable.Range(0, cache.Count).Where(s => mask[s]).Select(s => cache.Trial(s).Number).Order()];
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(10, 1)]
    [InlineData(11, 2)]
    [InlineData(100, 10)]
    [InlineData(241, 25)]
    [InlineData(5000, 25)]
    public void DefaultGamma_is_ceil_tenth_capped_at_25(int n, int expected) => Assert.Equal(expected, TpeOptions.DefaultGamma(n));

    [Fact]
    public void HyperoptGamma_is_ceil_quarter_root()
    {
        Assert.Equal(1, TpeOptions.HyperoptGamma(16));
        Assert.Equal(3, TpeOptions.HyperoptGamma(100));
        Assert.Equal(25, TpeOptions.HyperoptGamma(1_000_000));
    }

    [Fact]
    public void DefaultWeights_ramp_only_beyond_25()
    {
        Assert.Empty(TpeOptions.DefaultWeights(0));
        Assert.All(TpeOptions.DefaultWeights(25), w => Assert.Equal(1.0, w));
        Assert.Equal([1.0 / 26, .. Enumerable.Repeat(1.0, 25)], TpeOptions.DefaultWeights(26));
        var w30 = TpeOptions.DefaultWeights(30);
        Assert.Equal(1.0 / 30, w30[0], 15);
        Assert.Equal(1.0 / 30 + 3 * (1 - 1.0 / 30) / 4, w30[3], 15);
        Assert.Equal(1.0, w30[4], 15);
    }

    [Fact]
    public void Complete_trials_split_by_value_with_ties_to_the_lower_number()
    {
        var trials = new[] { 5.0, 1.0, 3.0, 1.0, 0.5, 9.0 }.Select((v, i) => X(i, TrialState.Complete, v, v, D)).ToList();
        var view = new ListStudyView("split", StudyDirection.Minimize, trials);
        Assert.Equal([1, 4], Below(view, 2));        // 0.5 (#4) and the first 1.0 (#1)
        Assert.Equal([1, 2, 3, 4], Below(view, 4));
    }

    [Fact]
    public void Maximize_ranks_the_largest_values_first()
    {
        var trials = new[] { 5.0, 1.0, 9.0, 7.0 }.Select((v, i) => X(i, TrialState.Complete, v, v, D)).ToList();
        Assert.Equal([0, 2, 3], Below(new ListStudyView("max", StudyDirection.Maximize, trials), 3));
    }

    [Fact]
    public void Pruned_trials_rank_after_complete_by_furthest_step_then_value()
    {
        var trials = new List<FrozenTrial>
        {
            X(0, TrialState.Complete, 100, 1, D),
            X(1, TrialState.Pruned, null, 1, D, new Dictionary<int, double> { [0] = 0.1, [1] = 50 }),   // step 1, value 50
            X(2, TrialState.Pruned, null, 1, D, new Dictionary<int, double> { [0] = 0.1, [3] = 90 }),   // step 3, value 90
            X(3, TrialState.Pruned, null, 1, D, new Dictionary<int, double> { [3] = 80 }),              // step 3, value 80
            X(4, TrialState.Pruned, null, 1, D),                                                        // no reports: last
            X(5, TrialState.Pruned, null, 1, D, new Dictionary<int, double> { [3] = double.NaN }),      // NaN ranks as +inf
        };
        var view = new ListStudyView("pruned", StudyDirection.Minimize, trials);
        Assert.Equal([0], Below(view, 1));
        Assert.Equal([0, 3], Below(view, 2));
        Assert.Equal([0, 2, 3], Below(view, 3));
        Assert.Equal([0, 2, 3, 5], Below(view, 4));
        Assert.Equal([0, 1, 2, 3, 5], Below(view, 5));
    }

    [Fact]
    public void Infeasible_trials_rank_last_by_total_violation()
    {
        static IReadOnlyDictionary<string, string> C(params double[] c) =>
            new Dictionary<string, string> { [FrozenTrial.ConstraintsKey] = System.Text.Json.JsonSerializer.Serialize(c) };
        var trials = new List<FrozenTrial>
        {
            X(0, TrialState.Complete, 0.0, 1, D, system: C(2.0, -1)),    // best value, violation 2
            X(1, TrialState.Complete, 5.0, 1, D, system: C(-1, 0)),      // feasible
            X(2, TrialState.Complete, 1.0, 1, D, system: C(0.5, 0.25)),  // violation 0.75
            X(3, TrialState.Complete, 9.0, 1, D, system: C(-3)),         // feasible
            X(4, TrialState.Complete, -1.0, 1, D),                       // no constraints: +inf violation
        };
        var view = new ListStudyView("constraints", StudyDirection.Minimize, trials);
        Assert.Equal([1, 3], Below(view, 2));
        Assert.Equal([1, 2, 3], Below(view, 3));
        Assert.Equal([0, 1, 2, 3], Below(view, 4));
        // A constraints function overrides the attribute: here every trial is feasible, so value order wins.
        Assert.Equal([0, 4], Below(view, 2, _ => [0.0]));
    }

    [Fact]
    public void Cache_keeps_number_order_when_trials_finish_out_of_order()
    {
        var running = X(1, TrialState.Running, null, 2, D);
        var trials = new List<FrozenTrial> { X(0, TrialState.Complete, 3, 1, D), running, X(2, TrialState.Complete, 1, 3, D) };
        var view = new ListStudyView("order", StudyDirection.Minimize, trials);
        var cache = new TrialCache();
        cache.Sync(view, -1, null);
        Assert.Equal(2, cache.Count);
        Assert.Single(cache.Running);
        trials[1] = running with { State = TrialState.Complete, Value = 2 };
        cache.Sync(view, -1, null);
        Assert.Equal(3, cache.Count);
        Assert.Equal([0, 1, 2], cache.Order.ToArray().Select(cache.NumberOf));
        var col = cache.ColumnOf("x", TpeDimension.Create(D));
        Assert.Equal([1.0, 2.0, 3.0], col.Sorted.Take(col.SortedCount).Select(s => col.Values[s]));
    }

    [Fact]
    public void Validate_names_the_bad_field()
    {
        var e = Assert.Throws<QuarryException>(() => new TpeOptions { EiCandidates = 0 }.Validate());
        Assert.Equal(ErrorCode.InvalidParameter, e.Code);
        Assert.Contains("EiCandidates", e.Message);
        Assert.Contains("Group", Assert.Throws<QuarryException>(() => new TpeSampler(new TpeOptions { Multivariate = false, Group = true })).Message);
        Assert.Contains("PriorWeight", Assert.Throws<QuarryException>(() => new TpeOptions { PriorWeight = 0 }.Validate()).Message);
        Assert.Contains("StartupTrials", Assert.Throws<QuarryException>(() => new TpeOptions { StartupTrials = -1 }.Validate()).Message);
    }

    [Fact]
    public void Optuna31_preset_is_independent_without_liar()
    {
        var o = TpeOptions.Optuna31;
        Assert.False(o.Multivariate);
        Assert.False(o.ConstantLiar);
        Assert.Equal(TpeBandwidth.NeighborWithPrior, o.Bandwidth);
        Assert.True(o.UnnormalizedKernels);
        Assert.Equal(10, o.StartupTrials);
        Assert.Equal(24, o.EiCandidates);
        Assert.False(o.EvidenceScaledClip);
        var defaults = new TpeOptions();
        Assert.True(defaults.Multivariate);
        Assert.True(defaults.ConstantLiar);
        Assert.Equal(TpeBandwidth.Neighbor, defaults.Bandwidth);
        Assert.True(defaults.EvidenceScaledClip);
    }

    [Fact]
    public void OptunaHead_preset_is_the_defaults_without_the_evidence_scaled_clip() =>
        Assert.Equal(new TpeOptions { EvidenceScaledClip = false }, TpeOptions.OptunaHead);

    [Fact]
    public void Search_spaces_are_the_intersection_and_the_co_occurrence_groups()
    {
        var c = new CategoricalDistribution(["A", "B"]);
        FrozenTrial T(int n, params string[] names) => Trial(n, TrialState.Complete, n,
            names.ToDictionary(x => x, x => x == "c" ? 0.0 : 1.0),
            names.ToDictionary(x => x, x => x == "c" ? (Distribution)c : D));
        var view = new ListStudyView("spaces", StudyDirection.Minimize, [T(0, "c", "y", "w"), T(1, "c", "z"), T(2, "c", "y", "w"), T(3, "c", "z")]);
        var cache = new TrialCache();
        cache.Sync(view, -1, null);
        Assert.Equal(["c"], cache.Intersection.Keys);
        var groups = cache.Groups.Select(g => string.Join(",", g.Keys.Order())).Order().ToArray();
        Assert.Equal(["c", "w,y", "z"], groups);
    }
}
