namespace Quarry.Optimization.Pruners;

/// <summary>
/// Prunes a trial whose best intermediate value so far is worse than the median of the Complete trials' values at the
/// same step: <see cref="PercentilePruner"/> with percentile 50 (see it for the exact rules). Thread-safe.
/// </summary>
public sealed class MedianPruner : IPruner
{
    readonly PercentilePruner _inner;

    /// <summary>Creates the pruner (Optuna's defaults).</summary>
    public MedianPruner(int nStartupTrials = 5, int nWarmupSteps = 0, int intervalSteps = 1, int nMinTrials = 1) =>
        _inner = new PercentilePruner(50, nStartupTrials, nWarmupSteps, intervalSteps, nMinTrials);

    /// <inheritdoc />
    public bool Prune(IStudyView study, FrozenTrial trial) => _inner.Prune(study, trial);
}
