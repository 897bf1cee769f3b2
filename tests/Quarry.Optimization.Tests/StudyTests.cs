using System.Text.Json;
using Quarry.Core;
using Quarry.Optimization.Distributions;
using Quarry.Optimization.Samplers;
using Quarry.Optimization.Storage;

namespace Quarry.Optimization.Tests;

public class StudyTests
{
    static string NewName() => $"study-{Guid.NewGuid():N}";

    static ErrorCode Code(Action action) => Assert.Throws<QuarryException>(action).Code;

    [Fact]
    public void Ask_tell_records_values_and_the_best_trial_by_direction()
    {
        foreach (var (direction, bestX) in new[] { (StudyDirection.Minimize, 1.0), (StudyDirection.Maximize, 3.0) })
        {
            var study = Study.Create(NewName(), direction, new RandomSampler(1));
            foreach (var x in new[] { 2.0, 1.0, 3.0, 1.0 })
            {
                var trial = study.Ask();
                study.Enqueue(new Dictionary<string, object> { ["x"] = x });
                var told = study.Tell(trial, x);
                Assert.Equal(TrialState.Complete, told.State);
                Assert.Equal(x, told.Value);
                Assert.NotNull(told.Complete);
            }
            Assert.Equal(bestX, study.BestValue);
            Assert.Equal(direction == StudyDirection.Minimize ? 1 : 2, study.BestTrial.Number); // ties: the first
        }
    }

    [Fact]
    public void Trial_numbers_are_dense_and_trials_listed_in_order()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize);
        var trials = Enumerable.Range(0, 5).Select(_ => study.Ask()).ToList();
        Assert.Equal([0, 1, 2, 3, 4], trials.Select(t => t.Number));
        Assert.All(study.Trials, t => Assert.Equal(TrialState.Running, t.State));
        study.Tell(trials[3], 1.0);
        Assert.Equal([3], study.GetTrials([TrialState.Complete]).Select(t => t.Number));
    }

    [Fact]
    public void BestTrial_without_complete_trials_throws_InvalidState()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize);
        Assert.Equal(ErrorCode.InvalidState, Code(() => _ = study.BestTrial));
        study.Tell(study.Ask(), TrialState.Fail);
        Assert.Equal(ErrorCode.InvalidState, Code(() => _ = study.BestValue));
    }

    [Fact]
    public void Tell_on_finished_trial_throws_InvalidState()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize);
        var trial = study.Ask();
        study.Tell(trial, 1.0);
        Assert.Equal(ErrorCode.InvalidState, Code(() => study.Tell(trial, 2.0)));
        Assert.Equal(ErrorCode.InvalidState, Code(() => study.Tell(trial, TrialState.Fail)));
        Assert.Equal(ErrorCode.InvalidState, Code(() => trial.SuggestFloat("x", 0, 1)));
        Assert.Equal(ErrorCode.InvalidState, Code(() => trial.Report(0, 1)));
    }

    [Fact]
    public void Tell_with_a_trial_of_another_study_throws_InvalidParameter()
    {
        var a = Study.Create(NewName(), StudyDirection.Minimize);
        var b = Study.Create(NewName(), StudyDirection.Minimize);
        Assert.Equal(ErrorCode.InvalidParameter, Code(() => b.Tell(a.Ask(), 1.0)));
    }

    [Fact]
    public void Tell_nan_fails_the_trial_with_a_reason()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize);
        var told = study.Tell(study.Ask(), double.NaN);
        Assert.Equal(TrialState.Fail, told.State);
        Assert.Null(told.Value);
        Assert.Contains("NaN", told.SystemAttributes["fail_reason"], StringComparison.Ordinal);
    }

    [Fact]
    public void Tell_infinity_completes_the_trial()
    {
        var study = Study.Create(NewName(), StudyDirection.Maximize);
        Assert.Equal(double.PositiveInfinity, study.Tell(study.Ask(), double.PositiveInfinity).Value);
        Assert.Equal(double.PositiveInfinity, study.BestValue);
    }

    [Fact]
    public void Tell_pruned_keeps_the_last_intermediate_value()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize);
        var trial = study.Ask();
        trial.Report(0, 3.0);
        trial.Report(2, 1.5);
        trial.Report(1, 2.0);
        var told = study.Tell(trial, TrialState.Pruned);
        Assert.Equal(TrialState.Pruned, told.State);
        Assert.Equal(1.5, told.Value);
        Assert.Null(study.Tell(study.Ask(), TrialState.Pruned).Value);
        var nan = study.Ask();
        nan.Report(0, double.NaN);
        Assert.Null(study.Tell(nan, TrialState.Pruned).Value);
        Assert.Equal(ErrorCode.InvalidState, Code(() => _ = study.BestTrial)); // pruned trials are never best
    }

    [Fact]
    public void Tell_complete_or_running_state_without_value_throws_InvalidParameter()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize);
        var trial = study.Ask();
        Assert.Equal(ErrorCode.InvalidParameter, Code(() => study.Tell(trial, TrialState.Complete)));
        Assert.Equal(ErrorCode.InvalidParameter, Code(() => study.Tell(trial, TrialState.Running)));
        Assert.Equal(TrialState.Running, study.Trials[0].State);
    }

    [Fact]
    public void Report_ignores_a_step_reported_twice()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize);
        var trial = study.Ask();
        trial.Report(0, 1.0);
        trial.Report(0, 5.0);
        Assert.Equal(1.0, study.Trials[0].IntermediateValues[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => trial.Report(-1, 0));
    }

    [Fact]
    public void Suggest_returns_user_values_and_stores_them()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize, new RandomSampler(3));
        var trial = study.Ask();
        double x = trial.SuggestFloat("x", -1, 1);
        long n = trial.SuggestInt("n", 1L, 10L);
        int m = trial.SuggestInt("m", 0, 100, step: 10);
        string kind = trial.SuggestCategorical("kind", ["sma", "ema"]);
        double lr = trial.SuggestFloat("lr", 1e-4, 1, log: true);
        Assert.Equal(x, trial.SuggestFloat("x", -1, 1));
        Assert.Equal(kind, trial.SuggestCategorical("kind", ["sma", "ema"]));
        Assert.Equal(new Dictionary<string, object> { ["x"] = x, ["n"] = n, ["m"] = (long)m, ["kind"] = kind, ["lr"] = lr }, trial.Params);
        Assert.Equal(["x", "n", "m", "kind", "lr"], trial.Params.Keys);
        study.Tell(trial, 0.0);
        Assert.Equal(trial.Params, study.BestParams);
        Assert.IsType<long>(study.BestParams["n"]);
        Assert.IsType<string>(study.BestParams["kind"]);
        Assert.Equal(0, m % 10);
    }

    [Fact]
    public void Suggest_again_with_another_distribution_throws_InvalidParameter_naming_both()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize);
        var trial = study.Ask();
        trial.SuggestFloat("x", 0, 1);
        var e = Assert.Throws<QuarryException>(() => trial.SuggestFloat("x", 0, 2));
        Assert.Equal(ErrorCode.InvalidParameter, e.Code);
        Assert.Contains("float [0, 1]", e.Message, StringComparison.Ordinal);
        Assert.Contains("float [0, 2]", e.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.InvalidParameter, Code(() => trial.SuggestInt("x", 0, 1)));
    }

    [Fact]
    public void Single_valued_distributions_return_their_value()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize);
        var trial = study.Ask();
        Assert.Equal(2.5, trial.SuggestFloat("a", 2.5, 2.5));
        Assert.Equal(7, trial.SuggestInt("b", 7, 7));
        Assert.Equal("only", trial.SuggestCategorical("c", ["only"]));
    }

    [Fact]
    public void Enqueued_parameters_are_used_and_the_waiting_trial_is_claimed_once()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize, new RandomSampler(5));
        study.Enqueue(new Dictionary<string, object> { ["x"] = 0.25, ["n"] = 4, ["kind"] = "ema" },
            new Dictionary<string, string> { ["source"] = "manual" });
        Assert.Equal(TrialState.Waiting, Assert.Single(study.Trials).State);
        var first = study.Ask();
        var second = study.Ask();
        Assert.Equal(0, first.Number);
        Assert.Equal(1, second.Number);
        Assert.Equal(0.25, first.SuggestFloat("x", 0, 1));
        Assert.Equal(4, first.SuggestInt("n", 0, 10));
        Assert.Equal("ema", first.SuggestCategorical("kind", ["sma", "ema"]));
        double y = first.SuggestFloat("y", 0, 1); // not fixed: sampled
        Assert.InRange(y, 0, 1);
        Assert.Equal("\"manual\"", study.Trials[0].UserAttributes["source"]);
        Assert.False(study.Trials[1].SystemAttributes.ContainsKey(FrozenTrial.FixedParamsKey));
    }

    [Fact]
    public void Enqueued_value_outside_the_distribution_throws_InvalidParameter()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize);
        study.Enqueue(new Dictionary<string, object> { ["x"] = 5.0, ["n"] = 2.5 });
        var trial = study.Ask();
        var e = Assert.Throws<QuarryException>(() => trial.SuggestFloat("x", 0, 1));
        Assert.Equal(ErrorCode.InvalidParameter, e.Code);
        Assert.Contains("'x'", e.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.InvalidParameter, Code(() => trial.SuggestInt("n", 0, 10)));
        Assert.Equal(ErrorCode.InvalidParameter, Code(() => study.Enqueue(new Dictionary<string, object> { ["x"] = double.NaN })));
        Assert.Equal(ErrorCode.InvalidParameter, Code(() => study.Enqueue(new Dictionary<string, object> { ["x"] = new object() })));
    }

    [Fact]
    public void Constraints_make_the_best_trial_the_best_feasible_one()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize);
        foreach (var (value, constraint) in new[] { (0.0, 1.0), (1.0, 0.0), (2.0, -1.0), (0.5, 0.1) })
        {
            var trial = study.Ask();
            trial.SetConstraints(constraint, -5);
            study.Tell(trial, value);
        }
        Assert.Equal(1, study.BestTrial.Number);
        Assert.Equal([0.0, -5.0], study.BestTrial.Constraints);
        var unconstrained = study.Ask();
        study.Tell(unconstrained, 0.7); // no constraints reported: feasible
        Assert.Equal(4, study.BestTrial.Number);
        Assert.Equal(ErrorCode.InvalidParameter, Code(() => study.Ask().SetConstraints(double.NaN)));
    }

    [Fact]
    public void All_infeasible_trials_throw_InvalidState()
    {
        var study = Study.Create(NewName(), StudyDirection.Maximize);
        var trial = study.Ask();
        trial.SetConstraints(0.5);
        study.Tell(trial, 1);
        Assert.Equal(ErrorCode.InvalidState, Code(() => _ = study.BestTrial));
    }

    [Fact]
    public void User_attributes_are_stored_as_json()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize);
        var trial = study.Ask();
        trial.SetUserAttribute("sharpe", 1.5);
        trial.SetUserAttribute("tags", new[] { "a", "b" });
        trial.SetUserAttribute("inf", double.PositiveInfinity);
        var attrs = study.Trials[0].UserAttributes;
        Assert.Equal("1.5", attrs["sharpe"]);
        Assert.Equal(["a", "b"], JsonSerializer.Deserialize<string[]>(attrs["tags"])!);
        Assert.Equal("\"Infinity\"", attrs["inf"]);
    }

    [Fact]
    public void Create_load_and_create_or_load_share_one_storage()
    {
        var storage = new InMemoryStudyStorage();
        string name = NewName();
        var a = Study.Create(name, StudyDirection.Maximize, storage: storage);
        a.Tell(a.Ask(), 3);
        Assert.Equal(ErrorCode.AlreadyExists, Code(() => Study.Create(name, StudyDirection.Maximize, storage: storage)));
        var b = Study.Load(name, storage);
        Assert.Equal(a.Id, b.Id);
        Assert.Equal(StudyDirection.Maximize, b.Direction);
        Assert.Equal(3, b.BestValue);
        var c = Study.CreateOrLoad(name, StudyDirection.Maximize, storage: storage);
        Assert.Single(c.Trials);
        Assert.Equal(ErrorCode.InvalidParameter, Code(() => Study.CreateOrLoad(name, StudyDirection.Minimize, storage: storage)));
        Assert.Equal(ErrorCode.NotFound, Code(() => Study.Load(NewName(), storage)));
        Assert.Empty(Study.CreateOrLoad(NewName(), StudyDirection.Minimize, storage: storage).Trials);
    }

    [Fact]
    public void Relative_samples_are_used_for_parameters_in_the_relative_search_space()
    {
        var sampler = new JointSampler();
        var study = Study.Create(NewName(), StudyDirection.Minimize, sampler);
        var trial = study.Ask();
        Assert.Equal(1, sampler.RelativeCalls); // at ask time
        Assert.Equal(0.75, trial.SuggestFloat("x", 0, 1));
        Assert.Equal(0.5, trial.SuggestFloat("y", 0, 1));          // not in the space: independent
        Assert.Equal(0.5, trial.SuggestFloat("z", 0, 0.5));        // relative 0.9 outside the new range: independent
        study.Tell(trial, 1);
        Assert.Equal(1, sampler.AfterCalls);
    }

    sealed class JointSampler : ISampler
    {
        public int RelativeCalls { get; private set; }
        public int AfterCalls { get; private set; }

        public IReadOnlyDictionary<string, Distribution> InferRelativeSearchSpace(IStudyView study, FrozenTrial trial) =>
            new Dictionary<string, Distribution> { ["x"] = new FloatDistribution(0, 1), ["z"] = new FloatDistribution(0, 1) };

        public IReadOnlyDictionary<string, double> SampleRelative(IStudyView study, FrozenTrial trial, IReadOnlyDictionary<string, Distribution> searchSpace)
        {
            RelativeCalls++;
            return new Dictionary<string, double> { ["x"] = 0.75, ["z"] = 0.9 };
        }

        public double SampleIndependent(IStudyView study, FrozenTrial trial, string name, Distribution distribution) =>
            ((FloatDistribution)distribution).High / (name == "z" ? 1 : 2);

        public void AfterTrial(IStudyView study, FrozenTrial trial, TrialState state, double? value) => AfterCalls++;
    }

    [Fact]
    public void A_sampler_failing_at_ask_time_fails_the_trial()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize, new ThrowingSampler());
        Assert.Throws<InvalidOperationException>(() => study.Ask());
        Assert.Equal(TrialState.Fail, Assert.Single(study.Trials).State);
    }

    sealed class ThrowingSampler : ISampler
    {
        public void BeforeTrial(IStudyView study, FrozenTrial trial) => throw new InvalidOperationException("boom");

        public double SampleIndependent(IStudyView study, FrozenTrial trial, string name, Distribution distribution) => 0;
    }
}
