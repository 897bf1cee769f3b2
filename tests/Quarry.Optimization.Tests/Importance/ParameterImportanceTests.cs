using Quarry.Core;
using Quarry.Optimization.Importance;
using Quarry.Optimization.Samplers;

namespace Quarry.Optimization.Tests.Importance;

public class ParameterImportanceTests
{
    static Study Run(Func<Trial, double> objective, int trials = 150)
    {
        var study = Study.Create($"importance-{Guid.NewGuid():N}", StudyDirection.Minimize, new RandomSampler(11));
        study.Optimize(objective, new OptimizeOptions { Trials = trials });
        return study;
    }

    [Fact]
    public void The_dominant_parameter_gets_almost_all_the_importance()
    {
        // f(x, y) = 10x² + 0.1y on [-1, 1]²: Var(10x²) = 100·(1/5 − 1/9) ≈ 8.9, Var(0.1y) = 0.01/3 ≈ 0.0033.
        var study = Run(t => 10 * Math.Pow(t.SuggestFloat("x", -1, 1), 2) + 0.1 * t.SuggestFloat("y", -1, 1));
        var importance = ParameterImportance.Compute(study.Trials, study.Direction);
        Assert.Equal(["x", "y"], importance.Keys);
        Assert.Equal(1.0, importance.Values.Sum(), 9);
        Assert.True(importance["x"] > 0.95, $"x: {importance["x"]}");
        Assert.True(importance["y"] < 0.05, $"y: {importance["y"]}");
    }

    [Fact]
    public void Categorical_int_and_log_parameters_are_handled()
    {
        var study = Run(t =>
        {
            string kind = t.SuggestCategorical("kind", ["a", "b", "c"]);
            long n = t.SuggestInt("n", 1, 100, log: true);
            double noise = t.SuggestFloat("noise", 0, 1);
            return (kind == "b" ? 5 : 0) + 0.01 * Math.Log(n) + 0.001 * noise;
        });
        var importance = ParameterImportance.Compute(study.Trials, study.Direction);
        Assert.Equal("kind", importance.Keys.First());
        Assert.True(importance["kind"] > 0.9);
        Assert.Equal(1.0, importance.Values.Sum(), 9);
    }

    [Fact]
    public void Results_are_deterministic_for_a_seed()
    {
        var study = Run(t => t.SuggestFloat("a", 0, 1) + 2 * t.SuggestFloat("b", 0, 1), 60);
        Assert.Equal(ParameterImportance.Compute(study.Trials, study.Direction, seed: 3), ParameterImportance.Compute(study.Trials, study.Direction, seed: 3));
    }

    [Fact]
    public void A_constant_objective_gives_equal_shares_and_no_trials_throws()
    {
        var study = Run(t => { t.SuggestFloat("a", 0, 1); t.SuggestInt("b", 0, 3); return 1.0; }, 20);
        var importance = ParameterImportance.Compute(study.Trials, study.Direction);
        Assert.Equal(0.5, importance["a"]);
        Assert.Equal(0.5, importance["b"]);
        Assert.Equal(ErrorCode.InvalidParameter, Assert.Throws<QuarryException>(() => ParameterImportance.Compute([], StudyDirection.Minimize)).Code);
    }

    [Fact]
    public void Only_parameters_shared_by_every_trial_with_the_same_distribution_count()
    {
        var study = Run(t =>
        {
            double a = t.SuggestFloat("a", 0, 1);
            if (t.Number % 2 == 0) t.SuggestFloat("sometimes", 0, 1);
            t.SuggestFloat("fixed", 3, 3);
            return a;
        }, 30);
        Assert.Equal(["a"], ParameterImportance.Compute(study.Trials, study.Direction).Keys);
    }
}
