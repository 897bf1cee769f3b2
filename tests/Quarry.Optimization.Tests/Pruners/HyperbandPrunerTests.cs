using System.Text;
using Quarry.Optimization.Internal;
using Quarry.Optimization.Pruners;
using Quarry.Optimization.Samplers;

namespace Quarry.Optimization.Tests.Pruners;

public class HyperbandPrunerTests
{
    // Python: [bracket(k) for k in range(30)] with binascii.crc32(f"hb-study_{k}".encode()) % 49 and budgets
    // [27, 12, 6, 4] (max_resource 27, min_resource 1, reduction_factor 3 → 4 brackets).
    static readonly int[] PythonBrackets = [0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 2, 1, 0, 0, 0, 0, 0, 0, 2, 1, 0, 1, 2, 3, 1];

    [Fact]
    public void Crc32_matches_the_standard_check_value() =>
        Assert.Equal(0xCBF43926u, Crc32.Compute(Encoding.ASCII.GetBytes("123456789")));

    [Fact]
    public void Bracket_assignment_matches_optuna_for_the_same_study_name()
    {
        var study = Histories.NewStudy(name: "hb-study");
        var pruner = new HyperbandPruner(minResource: 1, maxResource: 27, reductionFactor: 3);
        Assert.Null(pruner.BracketOf("hb-study", 0));
        Assert.False(pruner.Prune(study, study.Running())); // initialises (fixed max resource); no report → no pruning
        Assert.Equal(4, pruner.BracketCount);
        Assert.Equal(PythonBrackets, Enumerable.Range(0, 30).Select(k => pruner.BracketOf("hb-study", k)!.Value));
        var other = new HyperbandPruner(minResource: 1, maxResource: 27, reductionFactor: 3);
        other.Prune(study, study.Running());
        Assert.Equal(PythonBrackets, Enumerable.Range(0, 30).Select(k => other.BracketOf("hb-study", k)!.Value));
    }

    [Fact]
    public void Auto_max_resource_never_prunes_before_a_complete_trial()
    {
        var study = Histories.NewStudy();
        var pruner = new HyperbandPruner();
        Assert.False(pruner.Prune(study, study.Running(null, 0, double.NaN, 5, double.NaN)));
        Assert.Null(pruner.BracketCount);
        study.Complete(1, 8, 1.0); // max resource 9 → floor(log3 9) + 1 = 3 brackets
        pruner.Prune(study, study.Running());
        Assert.Equal(3, pruner.BracketCount);
    }

    [Fact]
    public void Each_bracket_is_a_successive_halving_over_its_own_trials()
    {
        var study = Histories.NewStudy(name: "hb-study");
        var pruner = new HyperbandPruner(minResource: 1, maxResource: 27, reductionFactor: 3);
        // Trial numbers 0..4 are in brackets 0, 1, 0, 0, 0.
        var t0 = study.Running(new Dictionary<string, string> { [SuccessiveHalvingPruner.RungKey(0)] = "1.0" }); // bracket 0, rung-0 value 1
        var t1 = study.Running(null, 1, 5.0);   // bracket 1: first rung at step 3, so step 1 never prunes
        var t2 = study.Running(null, 1, 5.0);   // bracket 0: competes with t0 (1.0) → pruned
        var t3 = study.Running(null, 1, 0.5);   // bracket 0: best so far → promoted
        Assert.False(pruner.Prune(study, t1));
        Assert.True(pruner.Prune(study, t2));
        Assert.False(pruner.Prune(study, t3));
        Assert.Equal(0, t0.Number);
    }

    [Fact]
    public void The_sampler_sees_only_the_trials_of_the_new_trial_bracket()
    {
        var sampler = new RecordingSampler();
        var study = Study.Create("hb-study", StudyDirection.Minimize, sampler, new HyperbandPruner(1, 27, 3));
        study.Pruner.Prune(study, study.Running()); // trial 0 (bracket 0), initialises the pruner
        study.Running();                            // trial 1 (bracket 1)
        study.Running();                            // trial 2 (bracket 0)
        study.Ask();                                // trial 3 (bracket 0)
        Assert.Equal([0, 2, 3], sampler.SeenNumbers);
    }

    sealed class RecordingSampler : ISampler
    {
        public List<int> SeenNumbers { get; } = [];

        public void BeforeTrial(IStudyView study, FrozenTrial trial) => SeenNumbers.AddRange(study.GetTrials().Select(t => t.Number));

        public double SampleIndependent(IStudyView study, FrozenTrial trial, string name, Distributions.Distribution distribution) => 0;
    }
}
