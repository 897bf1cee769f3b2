namespace Quarry.Optimization;

/// <summary>The life cycle of a trial: Waiting (enqueued) → Running → Complete | Pruned | Fail. Finished states are final.</summary>
public enum TrialState
{
    /// <summary>Being evaluated by a worker.</summary>
    Running,
    /// <summary>Enqueued with fixed parameters, not yet claimed by a worker.</summary>
    Waiting,
    /// <summary>Finished with a value.</summary>
    Complete,
    /// <summary>Stopped early by a pruner (its intermediate values are kept).</summary>
    Pruned,
    /// <summary>The objective threw, returned NaN, or the worker died (stale heartbeat).</summary>
    Fail,
}

/// <summary>Helpers on <see cref="TrialState"/>.</summary>
public static class TrialStates
{
    /// <summary>Complete, Pruned or Fail.</summary>
    public static bool IsFinished(this TrialState state) => state is TrialState.Complete or TrialState.Pruned or TrialState.Fail;
}
