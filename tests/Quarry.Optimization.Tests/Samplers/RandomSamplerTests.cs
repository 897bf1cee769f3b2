using Quarry.Optimization.Distributions;
using Quarry.Optimization.Samplers;

namespace Quarry.Optimization.Tests.Samplers;

public class RandomSamplerTests
{
    static FrozenTrial TrialNumber(int number) => new(number, number, TrialState.Running, null,
        new Dictionary<string, double>(), new Dictionary<string, Distribution>(), new Dictionary<int, double>(),
        new Dictionary<string, string>(), new Dictionary<string, string>(), null, null);

    static double[] Draw(Distribution d, int count, int seed = 1)
    {
        var sampler = new RandomSampler(seed);
        var study = Histories.NewStudy();
        return [.. Enumerable.Range(0, count).Select(i => sampler.SampleIndependent(study, TrialNumber(i), "p", d))];
    }

    static Dictionary<string, object> Run(int? seed, int jobs, int trials = 30)
    {
        var study = Study.Create($"random-{Guid.NewGuid():N}", StudyDirection.Minimize, new RandomSampler(seed));
        study.Optimize(t =>
        {
            double x = t.SuggestFloat("x", -5, 5);
            long n = t.SuggestInt("n", 1, 1000, log: true);
            string c = t.SuggestCategorical("c", ["a", "b", "c"]);
            return x * n + c.Length;
        }, new OptimizeOptions { Trials = trials, Jobs = jobs });
        return study.Trials.ToDictionary(t => t.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), t => (object)string.Join(";", t.Params.Values));
    }

    [Fact]
    public void The_same_seed_reproduces_the_same_trials_even_with_several_jobs()
    {
        var single = Run(seed: 42, jobs: 1);
        Assert.Equal(single, Run(seed: 42, jobs: 1));
        Assert.Equal(single, Run(seed: 42, jobs: 3));
        Assert.NotEqual(single, Run(seed: 43, jobs: 1));
        Assert.NotEqual(Run(seed: null, jobs: 1), Run(seed: null, jobs: 1));
    }

    [Fact]
    public void Different_parameters_and_trials_get_independent_values()
    {
        var sampler = new RandomSampler(1);
        var study = Histories.NewStudy();
        var d = new FloatDistribution(0, 1);
        double a = sampler.SampleIndependent(study, TrialNumber(0), "a", d);
        Assert.NotEqual(a, sampler.SampleIndependent(study, TrialNumber(0), "b", d));
        Assert.NotEqual(a, sampler.SampleIndependent(study, TrialNumber(1), "a", d));
        Assert.Equal(a, sampler.SampleIndependent(study, TrialNumber(0), "a", d));
    }

    [Fact]
    public void Uniform_floats_stay_in_range_and_spread_evenly()
    {
        var values = Draw(new FloatDistribution(-2, 3), 4000);
        Assert.All(values, v => Assert.InRange(v, -2, 3));
        Assert.InRange(values.Average(), 0.35, 0.65);
        Assert.InRange(values.Count(v => v < -1), 700, 900); // 20% expected
    }

    [Fact]
    public void Log_floats_are_uniform_in_log_space()
    {
        var values = Draw(new FloatDistribution(1e-4, 1, log: true), 4000);
        Assert.All(values, v => Assert.InRange(v, 1e-4, 1));
        Assert.InRange(values.Count(v => v < 1e-2), 1800, 2200); // half the log range
    }

    [Fact]
    public void Stepped_floats_land_on_the_grid_and_reach_both_ends()
    {
        var d = new FloatDistribution(0.5, 2.0, step: 0.25);
        var values = Draw(d, 2000);
        Assert.All(values, v => Assert.True(d.Contains(v), $"{v} off grid"));
        Assert.Equal(7, values.Distinct().Count());
        Assert.Contains(0.5, values);
        Assert.Contains(2.0, values);
    }

    [Fact]
    public void Ints_cover_every_value_of_the_grid()
    {
        var d = new IntDistribution(-3, 11, step: 2); // -3, -1, ..., 11
        var values = Draw(d, 2000);
        Assert.All(values, v => Assert.True(d.Contains(v), $"{v} off grid"));
        Assert.Equal(8, values.Distinct().Count());
        var plain = Draw(new IntDistribution(1, 3), 600);
        Assert.Equal([1.0, 2.0, 3.0], plain.Distinct().Order());
        Assert.All(plain.GroupBy(v => v), g => Assert.InRange(g.Count(), 150, 250));
    }

    [Fact]
    public void Log_ints_favour_small_values_and_stay_in_range()
    {
        var d = new IntDistribution(1, 1000, log: true);
        var values = Draw(d, 4000);
        Assert.All(values, v => Assert.True(d.Contains(v)));
        Assert.InRange(values.Count(v => v <= 31), 1800, 2300);
        Assert.Contains(1.0, values);
    }

    [Fact]
    public void Categoricals_are_uniform()
    {
        var values = Draw(new CategoricalDistribution(["a", "b", "c", "d"]), 4000);
        Assert.Equal([0.0, 1, 2, 3], values.Distinct().Order());
        Assert.All(values.GroupBy(v => v), g => Assert.InRange(g.Count(), 880, 1120));
    }
}
