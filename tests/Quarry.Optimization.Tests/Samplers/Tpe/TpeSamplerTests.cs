using System.Text.Json;
using Quarry.Optimization.Distributions;
using Quarry.Optimization.Samplers;
using static Quarry.Optimization.Tests.Samplers.Tpe.TpeTestData;

namespace Quarry.Optimization.Tests.Samplers.Tpe;

public class TpeSamplerTests
{
    static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    static double Quadratic(Trial t)
    {
        double x = t.SuggestFloat("x", -10, 10), y = t.SuggestFloat("y", -10, 10);
        return (x - 1) * (x - 1) + (y + 2) * (y + 2);
    }

    static List<FrozenTrial> Run(ISampler sampler, Func<Trial, double> objective, int trials, StudyDirection direction = StudyDirection.Minimize)
    {
        var study = Study.Create(Unique("tpe"), direction, sampler);
        study.Optimize(objective, new OptimizeOptions { Trials = trials });
        return [.. study.Trials];
    }

    [Fact]
    public void Startup_trials_are_the_random_samplers_draws()
    {
        var tpe = Run(new TpeSampler(3), Quadratic, 12);
        var random = Run(new RandomSampler(3), Quadratic, 12);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(random[i].Params["x"], tpe[i].Params["x"]);
            Assert.Equal(random[i].Params["y"], tpe[i].Params["y"]);
        }
        Assert.NotEqual(random[10].Params["x"], tpe[10].Params["x"]); // TPE from the 11th trial on
    }

    [Fact]
    public void A_seed_makes_runs_reproducible()
    {
        static double Objective(Trial t) =>
            Quadratic(t) + t.SuggestInt("n", 1, 9) + (t.SuggestCategorical("c", ["a", "b"]) == "a" ? 0 : 1);
        foreach (var options in new[] { new TpeOptions { Seed = 11 }, TpeOptions.Optuna31 with { Seed = 11 } })
        {
            var a = Run(new TpeSampler(options), Objective, 40);
            var b = Run(new TpeSampler(options), Objective, 40);
            var c = Run(new TpeSampler(options with { Seed = 12 }), Objective, 40);
            Assert.Equal(a.Select(t => t.Value), b.Select(t => t.Value));
            Assert.NotEqual(a.Skip(10).Select(t => t.Value), c.Skip(10).Select(t => t.Value));
        }
    }

    [Fact]
    public void Evidence_scaled_clip_lets_l_sharpen_beyond_optunas_floor()
    {
        // 200 finished trials: the 20 best all at x = 3 (value 0), the rest spread over [0, 10] \ [2, 4] (value 1).
        // Optuna's floor for l(x)'s 20 kernels is 10/22 = 0.45; evidence-scaled it is 10/(√(20·200) + 2) = 0.15, so
        // the winning candidates land about three times closer to 3. Asks are failed, so the history stays the same.
        double MeanDistance(TpeOptions options)
        {
            var study = Histories.NewStudy();
            var x = new FloatDistribution(0, 10);
            for (int i = 0; i < 200; i++)
            {
                double v = i < 20 ? 3 : (i % 2 == 0 ? 2 * (i - 20) / 180.0 : 4 + 6 * (i - 20) / 180.0);
                study.Storage.CreateTrial(study.Id, new TrialTemplate
                {
                    State = TrialState.Complete,
                    Value = i < 20 ? 0 : 1,
                    Params = new Dictionary<string, double> { ["x"] = v },
                    Distributions = new Dictionary<string, Distribution> { ["x"] = x },
                });
            }
            var sampled = Study.Load(study.Name, study.Storage, new TpeSampler(options));
            double total = 0;
            for (int i = 0; i < 40; i++)
            {
                var trial = sampled.Ask();
                total += Math.Abs(trial.SuggestFloat("x", 0, 10) - 3);
                sampled.Tell(trial, TrialState.Fail);
            }
            return total / 40;
        }
        double evidence = MeanDistance(new TpeOptions { Seed = 8 }), optuna = MeanDistance(TpeOptions.OptunaHead with { Seed = 8 });
        Assert.True(evidence < 0.6 * optuna, $"evidence-scaled {evidence:F4}, Optuna {optuna:F4}");
    }

    [Fact]
    public void Samples_stay_inside_every_distribution()
    {
        static double Objective(Trial t)
        {
            double a = t.SuggestFloat("a", -3, 7);
            double b = t.SuggestFloat("b", 1e-5, 10, log: true);
            double c = t.SuggestFloat("c", 0, 1, step: 0.1);
            long d = t.SuggestInt("d", -5, 5);
            long e = t.SuggestInt("e", 1, 1000, log: true);
            long f = t.SuggestInt("f", 0, 30, step: 3);
            string g = t.SuggestCategorical("g", ["x", "y", "z"]);
            double h = t.SuggestFloat("h", 2.5, 2.5); // single-valued
            return a * a + Math.Log(b) * Math.Log(b) + c + Math.Abs(d) + Math.Log(e) + f / 10.0 + (g == "y" ? 0 : 1) + h;
        }
        foreach (var options in new[] { new TpeOptions { Seed = 5 }, TpeOptions.Optuna31 with { Seed = 5 }, new TpeOptions { Seed = 5, Group = true } })
        {
            var trials = Run(new TpeSampler(options), Objective, 60);
            Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
            foreach (var t in trials)
                foreach (var (name, dist) in t.Distributions)
                    Assert.True(dist.Contains(t.Params[name]), $"{name} = {t.Params[name]} outside {dist}");
        }
    }

    [Fact]
    public void Tpe_beats_random_search_on_a_quadratic()
    {
        static double Median(IEnumerable<double> v) { var s = v.Order().ToArray(); return s[s.Length / 2]; }
        var seeds = Enumerable.Range(0, 5).ToArray();
        double tpe = Median(seeds.Select(s => Run(new TpeSampler(s), Quadratic, 60).Min(t => t.Value!.Value)));
        double random = Median(seeds.Select(s => Run(new RandomSampler(s), Quadratic, 60).Min(t => t.Value!.Value)));
        Assert.True(tpe < random, $"TPE median best {tpe} vs random {random}");
        Assert.True(tpe < 0.5, $"TPE median best {tpe}");
    }

    [Fact]
    public void Maximize_climbs_towards_the_maximum()
    {
        var trials = Run(new TpeSampler(2), t => { double x = t.SuggestFloat("x", -10, 10); return -(x - 2) * (x - 2); }, 50, StudyDirection.Maximize);
        Assert.True(trials.Max(t => t.Value!.Value) > -0.1);
        Assert.True(trials.Skip(30).Count(t => Math.Abs((double)t.Params["x"] - 2) < 2) >= 12);
    }

    // 30 complete trials spread over [−10, 10] with value x², then six Running trials (other workers) at the optimum.
    static (ListStudyView View, FrozenTrial Current) CrowdedOptimum(bool publishOnly)
    {
        var d = new FloatDistribution(-10, 10);
        var trials = new List<FrozenTrial>();
        for (int i = 0; i < 30; i++)
        {
            double x = -9.5 + 19.0 * i / 29;
            trials.Add(X(i, TrialState.Complete, x * x, x, d));
        }
        double[] inflight = [-0.5, -0.3, -0.1, 0.1, 0.3, 0.5];
        for (int i = 0; i < inflight.Length; i++)
        {
            // Either the parameter is stored, or only the published joint sample is (the worker has not suggested yet).
            trials.Add(publishOnly && i % 2 == 0
                ? Trial(30 + i, TrialState.Running, null, new Dictionary<string, double>(), new Dictionary<string, Distribution>(),
                    system: new Dictionary<string, string> { [TpeSampler.RelativeParamsKey] = JsonSerializer.Serialize(new Dictionary<string, double> { ["x"] = inflight[i] }) })
                : X(30 + i, TrialState.Running, null, inflight[i], d));
        }
        return (new ListStudyView(Unique("liar"), StudyDirection.Minimize, trials), Current(36));
    }

    static double[] Draws(bool liar, bool publishOnly)
    {
        var (view, current) = CrowdedOptimum(publishOnly);
        var draws = new double[60];
        for (int s = 0; s < draws.Length; s++)
        {
            var sampler = new TpeSampler(new TpeOptions { Seed = s, ConstantLiar = liar });
            var space = sampler.InferRelativeSearchSpace(view, current);
            draws[s] = sampler.SampleRelative(view, current, space)["x"];
        }
        return draws;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Constant_liar_pushes_samples_away_from_running_trials(bool publishOnly)
    {
        var with = Draws(liar: true, publishOnly);
        var without = Draws(liar: false, publishOnly);
        int nearWith = with.Count(x => Math.Abs(x) < 0.6), nearWithout = without.Count(x => Math.Abs(x) < 0.6);
        Assert.True(nearWithout >= 20, $"without liar only {nearWithout}/60 samples at the optimum");
        Assert.True(nearWith * 2 < nearWithout, $"with liar {nearWith}/60 near the running trials, without {nearWithout}/60");
        Assert.True(with.Average(Math.Abs) > without.Average(Math.Abs));
    }

    [Fact]
    public void Relative_sample_is_published_for_other_workers()
    {
        var study = Study.Create(Unique("publish"), StudyDirection.Minimize, new TpeSampler(1));
        study.Optimize(Quadratic, new OptimizeOptions { Trials = 10 });
        var trial = study.Ask();
        var frozen = study.Storage.GetTrial(trial.TrialId);
        var published = JsonSerializer.Deserialize<Dictionary<string, double>>(frozen.SystemAttributes[TpeSampler.RelativeParamsKey])!;
        Assert.Equal(published["x"], trial.SuggestFloat("x", -10, 10));
        Assert.Equal(published["y"], trial.SuggestFloat("y", -10, 10));
    }

    [Fact]
    public void Constraints_steer_sampling_into_the_feasible_region()
    {
        // Minimise x² subject to x ≥ 3 (constraint 3 − x ≤ 0): the unconstrained optimum is infeasible.
        static double Objective(Trial t, bool constrained)
        {
            double x = t.SuggestFloat("x", -10, 10);
            if (constrained) t.SetConstraints(3 - x);
            return x * x;
        }
        // The constrained optimum sits on the boundary x = 3: TPE should sample around 3 (both sides), not around 0.
        static double Median(IEnumerable<double> v) { var s = v.Order().ToArray(); return s[s.Length / 2]; }
        var late = new List<double>();
        var lateUnconstrained = new List<double>();
        for (int seed = 0; seed < 3; seed++)
        {
            var constrained = Run(new TpeSampler(seed), t => Objective(t, true), 60);
            late.AddRange(constrained.Skip(30).Select(t => (double)t.Params["x"]));
            var best = constrained.Where(t => t.IsFeasible).MinBy(t => t.Value)!;
            Assert.InRange((double)best.Params["x"], 3, 3.5);
            lateUnconstrained.AddRange(Run(new TpeSampler(seed), t => Objective(t, false), 60).Skip(30).Select(t => (double)t.Params["x"]));
        }
        Assert.InRange(Median(late), 2.5, 4);
        Assert.InRange(Median(lateUnconstrained.Select(Math.Abs)), 0, 2);
        Assert.True(late.Count(x => x >= 3) > 3 * lateUnconstrained.Count(x => x >= 3),
            $"{late.Count(x => x >= 3)} vs {lateUnconstrained.Count(x => x >= 3)} late feasible samples");
    }

    [Fact]
    public void Multivariate_space_is_the_intersection_and_group_covers_conditional_params()
    {
        static double Objective(Trial t)
        {
            string c = t.SuggestCategorical("c", ["A", "B"]);
            return c == "A" ? Math.Abs(t.SuggestFloat("y", -5, 5)) : t.SuggestInt("z", 0, 10);
        }
        var plain = new TpeSampler(4);
        var study = Study.Create(Unique("mv"), StudyDirection.Minimize, plain);
        study.Optimize(Objective, new OptimizeOptions { Trials = 20 });
        var current = study.Storage.GetTrial(study.Ask().TrialId);
        Assert.Equal(["c"], plain.InferRelativeSearchSpace(study, current).Keys);

        var grouped = new TpeSampler(new TpeOptions { Seed = 4, Group = true });
        var gstudy = Study.Create(Unique("group"), StudyDirection.Minimize, grouped);
        gstudy.Optimize(Objective, new OptimizeOptions { Trials = 40 });
        var gcurrent = gstudy.Storage.GetTrial(gstudy.Ask().TrialId);
        Assert.Equal(["c", "y", "z"], grouped.InferRelativeSearchSpace(gstudy, gcurrent).Keys);
        Assert.True(gstudy.BestValue < 0.5, $"{gstudy.BestValue}");
    }

    [Fact]
    public void Independent_mode_has_no_relative_space()
    {
        var sampler = new TpeSampler(TpeOptions.Optuna31 with { Seed = 1 });
        var study = Study.Create(Unique("indep"), StudyDirection.Minimize, sampler);
        study.Optimize(Quadratic, new OptimizeOptions { Trials = 15 });
        Assert.Empty(sampler.InferRelativeSearchSpace(study, study.Storage.GetTrial(study.Ask().TrialId)));
        Assert.True(study.BestValue < 20);
    }

    [Fact]
    public void Pruned_and_failed_trials_and_moving_ranges_are_handled()
    {
        int n = 0;
        var study = Study.Create(Unique("mixed-states"), StudyDirection.Minimize, new TpeSampler(9));
        study.Optimize(t =>
        {
            long fast = t.SuggestInt("fast", 2, 50);
            long slow = t.SuggestInt("slow", fast + 1, 200); // the range depends on another parameter
            double v = Math.Abs(fast - 10) + Math.Abs(slow - 60) / 10.0;
            t.Report(0, v);
            if (++n % 5 == 0) throw new TrialPrunedException();
            if (n % 7 == 0) throw new InvalidOperationException("boom");
            return v;
        }, new OptimizeOptions { Trials = 60, Catch = [typeof(InvalidOperationException)] });
        var trials = study.Trials;
        Assert.Contains(trials, t => t.State == TrialState.Pruned);
        Assert.Contains(trials, t => t.State == TrialState.Fail);
        Assert.True(study.BestValue < 5, $"{study.BestValue}");
    }

    [Fact]
    public void Parallel_jobs_share_one_sampler_safely()
    {
        var study = Study.Create(Unique("jobs"), StudyDirection.Minimize, new TpeSampler(8));
        study.Optimize(Quadratic, new OptimizeOptions { Trials = 80, Jobs = 4 });
        var trials = study.Trials;
        Assert.Equal(80, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.True(study.BestValue < 2, $"{study.BestValue}");
    }

    [Fact]
    public void Custom_weights_are_used_and_checked()
    {
        int calls = 0;
        var flat = new TpeSampler(new TpeOptions { Seed = 1, Weights = n => { calls++; return Enumerable.Repeat(1.0, n).ToArray(); } });
        Run(flat, Quadratic, 15);
        Assert.True(calls >= 10, $"{calls}");
        var bad = new TpeSampler(new TpeOptions { Seed = 1, Weights = n => Enumerable.Repeat(-1.0, n).ToArray() });
        var e = Assert.Throws<Quarry.Core.QuarryException>(() => Run(bad, Quadratic, 15));
        Assert.Contains("Weights", e.Message);
    }
}
