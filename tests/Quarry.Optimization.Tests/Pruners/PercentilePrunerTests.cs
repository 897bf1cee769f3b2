using Quarry.Core;
using Quarry.Optimization.Pruners;

namespace Quarry.Optimization.Tests.Pruners;

public class PercentilePrunerTests
{
    // Five Complete trials reporting 1..5 at steps 0..3 (value k at every step).
    static Study WithFiveComplete(StudyDirection direction = StudyDirection.Minimize)
    {
        var study = Histories.NewStudy(direction);
        for (int k = 1; k <= 5; k++) study.Complete(k, 0, k, 1, k, 2, k, 3, k);
        return study;
    }

    [Fact]
    public void Median_prunes_a_trial_worse_than_the_median_at_the_same_step()
    {
        var study = WithFiveComplete();
        var pruner = new MedianPruner();
        Assert.True(pruner.Prune(study, study.Running(null, 0, 3.5)));
        Assert.False(pruner.Prune(study, study.Running(null, 0, 3.0)));
        Assert.False(pruner.Prune(study, study.Running(null, 0, 2.0)));
    }

    [Fact]
    public void No_pruning_before_n_startup_complete_trials()
    {
        var study = Histories.NewStudy();
        for (int k = 1; k <= 4; k++) study.Complete(k, 0, k);
        study.Pruned(0, 0.0);
        var bad = study.Running(null, 0, 100);
        Assert.False(new MedianPruner(nStartupTrials: 5).Prune(study, bad));
        Assert.True(new MedianPruner(nStartupTrials: 4).Prune(study, bad));
        Assert.True(new MedianPruner(nStartupTrials: 0).Prune(study, bad));
    }

    [Fact]
    public void No_complete_trials_never_prunes_even_with_zero_startup()
    {
        var study = Histories.NewStudy();
        study.Pruned(0, 0.0);
        Assert.False(new MedianPruner(nStartupTrials: 0).Prune(study, study.Running(null, 0, 100)));
    }

    [Fact]
    public void Pruned_trials_are_not_references()
    {
        var study = WithFiveComplete();
        for (int i = 0; i < 20; i++) study.Pruned(0, 100.0);
        Assert.False(new MedianPruner().Prune(study, study.Running(null, 0, 3.0)));
    }

    [Fact]
    public void No_pruning_during_warmup()
    {
        var study = WithFiveComplete();
        var pruner = new MedianPruner(nWarmupSteps: 2);
        var trial = study.Running(null, 0, 9, 1, 9);
        Assert.False(pruner.Prune(study, trial));
        Assert.True(pruner.Prune(study, study.Report(trial, 2, 9)));
    }

    [Fact]
    public void Only_the_first_report_in_each_interval_window_is_checked()
    {
        var study = WithFiveComplete();
        var pruner = new MedianPruner(nWarmupSteps: 1, intervalSteps: 2); // windows start at steps 1, 3, 5, ...
        var trial = study.Running(null, 0, 9);
        Assert.False(pruner.Prune(study, trial));                    // warm-up
        Assert.True(pruner.Prune(study, trial = study.Report(trial, 1, 9)));   // first in [1, 3)
        Assert.False(pruner.Prune(study, trial = study.Report(trial, 2, 9)));  // second in [1, 3)
        Assert.True(pruner.Prune(study, study.Report(trial, 3, 9)));           // first in [3, 5)
        // Skipping steps: a trial reporting 0 then 2 is checked at 2 (second-largest 0 < window start 1).
        Assert.True(pruner.Prune(study, study.Running(null, 0, 9, 2, 9)));
    }

    [Fact]
    public void Fewer_than_n_min_trials_values_at_the_step_never_prune()
    {
        var study = Histories.NewStudy();
        for (int k = 1; k <= 5; k++) study.Complete(k, 0, k);
        study.Complete(1, 0, 1, 7, 1);
        var trial = study.Running(null, 7, 50);
        Assert.True(new MedianPruner(nMinTrials: 1).Prune(study, trial));
        Assert.False(new MedianPruner(nMinTrials: 2).Prune(study, trial));
        Assert.False(new MedianPruner().Prune(study, study.Running(null, 8, 50))); // no Complete trial reported step 8
    }

    [Fact]
    public void The_trial_is_judged_by_its_best_value_so_far()
    {
        var study = WithFiveComplete();
        // Last value 100 is bad but the best so far (1) beats the median (3) at step 1.
        Assert.False(new MedianPruner().Prune(study, study.Running(null, 0, 1, 1, 100)));
        var max = WithFiveComplete(StudyDirection.Maximize);
        Assert.False(new MedianPruner().Prune(max, max.Running(null, 0, 5, 1, -100)));
        Assert.True(new MedianPruner().Prune(max, max.Running(null, 0, 2, 1, 2.5)));
    }

    [Fact]
    public void All_nan_intermediate_values_prune_and_nan_is_ignored_otherwise()
    {
        var study = WithFiveComplete();
        Assert.True(new MedianPruner().Prune(study, study.Running(null, 0, double.NaN, 1, double.NaN)));
        Assert.False(new MedianPruner().Prune(study, study.Running(null, 0, 1, 1, double.NaN)));
    }

    [Fact]
    public void Percentile_is_mirrored_when_maximising()
    {
        // Complete values at step 0: 1..5; numpy percentile 25 = 2, percentile 75 = 4.
        var min = WithFiveComplete();
        var pruner = new PercentilePruner(25);
        Assert.True(pruner.Prune(min, min.Running(null, 0, 2.5)));
        Assert.False(pruner.Prune(min, min.Running(null, 0, 2.0)));
        var max = WithFiveComplete(StudyDirection.Maximize);
        Assert.True(pruner.Prune(max, max.Running(null, 0, 3.5)));   // below the 75th percentile (4)
        Assert.False(pruner.Prune(max, max.Running(null, 0, 4.0)));
    }

    [Fact]
    public void NanPercentile_matches_numpy_linear_interpolation()
    {
        Assert.Equal(2.0, PercentilePruner.NanPercentile([5, 1, 3, 2, 4], 25));
        Assert.Equal(4.0, PercentilePruner.NanPercentile([5, 1, 3, 2, 4], 75));
        Assert.Equal(1.8, PercentilePruner.NanPercentile([1, 2, double.NaN, 10], 40), 12); // pos 0.8 between 1 and 2
        Assert.Equal(2.0, PercentilePruner.NanPercentile([1, 2, double.NaN, 10], 50), 12);
        Assert.Equal(6.0, PercentilePruner.NanPercentile([1, 2, double.NaN, 10], 75), 12);
        Assert.True(double.IsNaN(PercentilePruner.NanPercentile([double.NaN], 50)));
    }

    [Fact]
    public void Invalid_arguments_throw_InvalidParameter()
    {
        Assert.Equal(ErrorCode.InvalidParameter, Assert.Throws<QuarryException>(() => new PercentilePruner(101)).Code);
        Assert.Throws<QuarryException>(() => new PercentilePruner(50, intervalSteps: 0));
        Assert.Throws<QuarryException>(() => new MedianPruner(nMinTrials: 0));
        Assert.Throws<QuarryException>(() => new MedianPruner(nWarmupSteps: -1));
    }
}
