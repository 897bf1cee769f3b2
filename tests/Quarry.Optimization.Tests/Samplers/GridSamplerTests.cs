using Quarry.Core;
using Quarry.Optimization.Samplers;

namespace Quarry.Optimization.Tests.Samplers;

public class GridSamplerTests
{
    static readonly Dictionary<string, IReadOnlyList<object>> Grid = new()
    {
        ["fast"] = [5, 10, 20],
        ["kind"] = ["sma", "ema"],
        ["stop"] = [0.01, 0.02],
    };

    static double Objective(Trial t) =>
        t.SuggestInt("fast", 1, 50) * (t.SuggestCategorical("kind", ["sma", "ema"]) == "sma" ? 1 : 2) + t.SuggestFloat("stop", 0, 0.1);

    static string Key(FrozenTrial t) => string.Join("|", t.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => t.Param(p.Key)));

    [Fact]
    public void Points_are_the_cartesian_product_in_sorted_name_order()
    {
        var sampler = new GridSampler(Grid);
        Assert.Equal(12, sampler.Size);
        Assert.Equal(new Dictionary<string, object> { ["fast"] = 5, ["kind"] = "sma", ["stop"] = 0.01 }, sampler.Point(0));
        Assert.Equal(new Dictionary<string, object> { ["fast"] = 5, ["kind"] = "sma", ["stop"] = 0.02 }, sampler.Point(1));
        Assert.Equal(new Dictionary<string, object> { ["fast"] = 20, ["kind"] = "ema", ["stop"] = 0.02 }, sampler.Point(11));
    }

    [Fact]
    public void Optimize_visits_every_point_once_then_stops()
    {
        var sampler = new GridSampler(Grid, seed: 1);
        var study = Study.Create($"grid-{Guid.NewGuid():N}", StudyDirection.Minimize, sampler);
        var result = study.Optimize(Objective, new OptimizeOptions { Trials = 100 });
        Assert.Equal(OptimizeStopReason.SearchSpaceExhausted, result.StopReason);
        Assert.Equal(12, study.Trials.Count);
        Assert.Equal(12, study.Trials.Select(Key).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 12).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            study.Trials.Select(t => t.SystemAttributes[GridSampler.GridIdKey]).Order(StringComparer.Ordinal).OrderBy(int.Parse));
        Assert.True(sampler.IsExhausted(study));
        Assert.Equal(5 + 0.01, study.BestValue, 12);
    }

    [Fact]
    public void A_second_optimize_after_some_trials_finishes_the_remaining_points()
    {
        var study = Study.Create($"grid-{Guid.NewGuid():N}", StudyDirection.Minimize, new GridSampler(Grid, seed: 2));
        study.Optimize(Objective, new OptimizeOptions { Trials = 5 });
        study.Tell(study.Ask(), TrialState.Fail); // a failed point counts as visited (as Optuna)
        var result = study.Optimize(Objective, new OptimizeOptions());
        Assert.Equal(OptimizeStopReason.SearchSpaceExhausted, result.StopReason);
        Assert.Equal(12, study.Trials.Count);
    }

    [Fact]
    public void Several_workers_cover_the_grid_duplicates_allowed()
    {
        var study = Study.Create($"grid-{Guid.NewGuid():N}", StudyDirection.Minimize, new GridSampler(Grid, seed: 3));
        study.Optimize(t => { Thread.Sleep(2); return Objective(t); }, new OptimizeOptions { Jobs = 3 });
        Assert.Equal(12, study.Trials.Select(Key).Distinct().Count());
        Assert.InRange(study.Trials.Count, 12, 20); // a worker finding every point held re-evaluates an unfinished one
    }

    [Fact]
    public void Trials_beyond_the_grid_pick_unvisited_points()
    {
        var study = Study.Create($"grid-{Guid.NewGuid():N}", StudyDirection.Minimize, new GridSampler(Grid, seed: 4));
        for (int i = 0; i < 15; i++) study.Storage.CreateTrial(study.Id, new TrialTemplate { State = TrialState.Fail }); // numbers 0..14 used by others
        study.Optimize(Objective, new OptimizeOptions());
        Assert.Equal(12, study.Trials.Where(t => t.State == TrialState.Complete).Select(Key).Distinct().Count());
        Assert.Equal(27, study.Trials.Count);
    }

    [Fact]
    public void Enqueued_trials_keep_their_parameters()
    {
        var study = Study.Create($"grid-{Guid.NewGuid():N}", StudyDirection.Minimize, new GridSampler(Grid));
        study.Enqueue(new Dictionary<string, object> { ["fast"] = 7, ["kind"] = "ema", ["stop"] = 0.05 });
        var trial = study.Ask();
        Assert.Equal(7 * 2 + 0.05, Objective(trial), 12);
        Assert.False(study.Trials[0].SystemAttributes.ContainsKey(GridSampler.GridIdKey));
        study.Enqueue(new Dictionary<string, object> { ["fast"] = 7 });
        var partial = study.Ask();
        partial.SuggestInt("fast", 1, 50);
        Assert.Equal(ErrorCode.InvalidParameter, Assert.Throws<QuarryException>(() => partial.SuggestCategorical("kind", ["sma", "ema"])).Code);
    }

    [Fact]
    public void Suggesting_outside_the_grid_throws_InvalidParameter()
    {
        var study = Study.Create($"grid-{Guid.NewGuid():N}", StudyDirection.Minimize, new GridSampler(Grid));
        var trial = study.Ask();
        Assert.Equal(ErrorCode.InvalidParameter, Assert.Throws<QuarryException>(() => trial.SuggestFloat("other", 0, 1)).Code);
        var e = Assert.Throws<QuarryException>(() => trial.SuggestInt("fast", 1, 4));
        Assert.Contains("fast", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_grids_throw_InvalidParameter()
    {
        Assert.Throws<QuarryException>(() => new GridSampler(new Dictionary<string, IReadOnlyList<object>>()));
        Assert.Throws<QuarryException>(() => new GridSampler(new Dictionary<string, IReadOnlyList<object>> { ["x"] = [] }));
        Assert.Throws<QuarryException>(() => new GridSampler(new Dictionary<string, IReadOnlyList<object>> { ["x"] = [double.NaN] }));
    }
}
