namespace Quarry.Optimization.Internal;

/// <summary>
/// A study view that runs <paramref name="beforeHistory"/> (once) before the first read of the trials: a worker whose
/// last tell may still be committing acknowledges it there, so the sampler and the pruner see that trial finished.
/// </summary>
internal sealed class HistoryGateView(IStudyView inner, Action beforeHistory) : IStudyView
{
    Action? _beforeHistory = beforeHistory;

    public string Name => inner.Name;

    public StudyDirection Direction => inner.Direction;

    public IReadOnlyList<FrozenTrial> GetTrials(IReadOnlyCollection<TrialState>? states = null)
    {
        var gate = _beforeHistory;
        _beforeHistory = null;
        gate?.Invoke();
        return inner.GetTrials(states);
    }

    public void SetTrialSystemAttribute(long trialId, string key, string json) => inner.SetTrialSystemAttribute(trialId, key, json);
}
