using System.Globalization;
using Quarry.Core;
using Quarry.Optimization.Pruners;

namespace Quarry.Optimization.Tests.Pruners;

public class SuccessiveHalvingPrunerTests
{
    static Dictionary<string, string> Rungs(params double[] values) =>
        values.Select((v, k) => (Key: SuccessiveHalvingPruner.RungKey(k), Value: v.ToString("R", CultureInfo.InvariantCulture)))
              .ToDictionary(p => p.Key, p => p.Value);

    static double? Rung(Study study, FrozenTrial trial, int rung) =>
        study.Storage.GetTrial(trial.TrialId).SystemAttributes.TryGetValue(SuccessiveHalvingPruner.RungKey(rung), out var json)
            ? double.Parse(json, CultureInfo.InvariantCulture) : null;

    [Fact]
    public void Below_the_first_rung_step_nothing_happens()
    {
        var study = Histories.NewStudy();
        var pruner = new SuccessiveHalvingPruner(minResource: 2, reductionFactor: 4);
        var trial = study.Running(null, 0, 5, 1, 5);
        Assert.False(pruner.Prune(study, trial));
        Assert.Null(Rung(study, trial, 0));
        Assert.False(new SuccessiveHalvingPruner(minResource: 1).Prune(study, study.Running()));
    }

    [Fact]
    public void The_first_rf_minus_1_arrivals_must_be_the_best_so_far()
    {
        var study = Histories.NewStudy();
        var pruner = new SuccessiveHalvingPruner(minResource: 1, reductionFactor: 4);
        study.Running(Rungs(1.0));
        var worse = study.Running(null, 1, 2.0);
        Assert.True(pruner.Prune(study, worse));           // competing [1, 2]: index 0 → must be ≤ 1
        Assert.Equal(2.0, Rung(study, worse, 0));          // its rung value is recorded even when pruned
        var better = study.Running(null, 1, 0.5);
        Assert.False(pruner.Prune(study, better));          // best so far: promoted to rung 1 (next step 4)
        Assert.Equal(0.5, Rung(study, better, 0));
        Assert.Null(Rung(study, better, 1));
    }

    [Fact]
    public void With_n_competitors_the_top_n_over_rf_are_promoted()
    {
        var study = Histories.NewStudy();
        var pruner = new SuccessiveHalvingPruner(minResource: 1, reductionFactor: 4);
        foreach (var v in new[] { 1.0, 2, 3, 4, 5, 6, 7 }) study.Running(Rungs(v)); // with this trial, 8 competitors: top 2
        Assert.False(pruner.Prune(study, study.Running(null, 1, 2.0)));  // ties the 2nd best
        Assert.True(pruner.Prune(study, study.Running(null, 1, 2.5)));
    }

    [Fact]
    public void Maximising_promotes_the_largest_values()
    {
        var study = Histories.NewStudy(StudyDirection.Maximize);
        var pruner = new SuccessiveHalvingPruner(minResource: 1, reductionFactor: 2);
        study.Running(Rungs(5.0));
        Assert.True(pruner.Prune(study, study.Running(null, 1, 4.0)));   // competing [4, 5], top 1 → must be ≥ 5
        Assert.False(pruner.Prune(study, study.Running(null, 1, 6.0)));
    }

    [Fact]
    public void One_report_can_pass_several_rungs()
    {
        var study = Histories.NewStudy();
        var pruner = new SuccessiveHalvingPruner(minResource: 1, reductionFactor: 4);
        var trial = study.Running(null, 16, 0.1); // rungs at steps 1, 4, 16, 64
        Assert.False(pruner.Prune(study, trial));
        Assert.Equal(0.1, Rung(study, trial, 0));
        Assert.Equal(0.1, Rung(study, trial, 1));
        Assert.Equal(0.1, Rung(study, trial, 2));
        Assert.Null(Rung(study, trial, 3));
        // The trial's current rung is read back from its attributes: a later report at step 64 tries rung 3 only.
        trial = study.Report(study.Storage.GetTrial(trial.TrialId), 64, 0.05);
        Assert.False(pruner.Prune(study, trial));
        Assert.Equal(0.05, Rung(study, trial, 3));
    }

    [Fact]
    public void Min_early_stopping_rate_shifts_the_rungs()
    {
        var study = Histories.NewStudy();
        var pruner = new SuccessiveHalvingPruner(minResource: 1, reductionFactor: 3, minEarlyStoppingRate: 2); // first rung at step 9
        study.Running(Rungs(0.0));
        Assert.False(pruner.Prune(study, study.Running(null, 8, 5.0)));
        Assert.True(pruner.Prune(study, study.Running(null, 9, 5.0)));
    }

    [Fact]
    public void Nan_at_a_rung_prunes()
    {
        var study = Histories.NewStudy();
        Assert.True(new SuccessiveHalvingPruner(minResource: 1).Prune(study, study.Running(null, 1, double.NaN)));
    }

    [Fact]
    public void Bootstrap_count_prunes_until_enough_competitors()
    {
        var study = Histories.NewStudy();
        var pruner = new SuccessiveHalvingPruner(minResource: 1, reductionFactor: 2, bootstrapCount: 2);
        Assert.True(pruner.Prune(study, study.Running(null, 1, 0.0)));   // 1 competitor ≤ 2
        Assert.True(pruner.Prune(study, study.Running(null, 1, -1.0)));  // 2 ≤ 2
        Assert.False(pruner.Prune(study, study.Running(null, 1, -2.0))); // 3 competitors, best
    }

    [Fact]
    public void Auto_min_resource_waits_for_a_complete_trial_then_uses_max_step_over_100()
    {
        var study = Histories.NewStudy();
        var pruner = new SuccessiveHalvingPruner(reductionFactor: 2);
        var early = study.Running(null, 3, 1.0);
        Assert.False(pruner.Prune(study, early));
        Assert.Null(Rung(study, early, 0));
        study.Complete(0.5, 250, 0.5); // min resource = 250 / 100 = 2
        Assert.False(pruner.Prune(study, study.Running(null, 1, 9.0)));  // step 1 < 2
        study.Running(Rungs(1.0));
        var trial = study.Running(null, 2, 9.0);
        Assert.True(pruner.Prune(study, trial)); // competing [1, 9] at rung 0 (step 2)
        Assert.Equal(9.0, Rung(study, trial, 0));
    }

    [Fact]
    public void Bootstrap_with_auto_min_resource_is_rejected()
    {
        Assert.Equal(ErrorCode.InvalidParameter, Assert.Throws<QuarryException>(() => new SuccessiveHalvingPruner(bootstrapCount: 1)).Code);
        Assert.Throws<QuarryException>(() => new SuccessiveHalvingPruner(minResource: 0));
        Assert.Throws<QuarryException>(() => new SuccessiveHalvingPruner(reductionFactor: 1));
    }
}
