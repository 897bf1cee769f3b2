namespace Quarry.Optimization;

/// <summary>Why <see cref="Study.Optimize"/> returned.</summary>
public enum OptimizeStopReason
{
    /// <summary>This call ran <see cref="OptimizeOptions.Trials"/> trials.</summary>
    TrialLimit,
    /// <summary>The study as a whole holds <see cref="OptimizeOptions.Trials"/> running or finished trials (<see cref="OptimizeOptions.StopWhenBudgetSpent"/>).</summary>
    BudgetSpent,
    /// <summary><see cref="OptimizeOptions.Timeout"/> elapsed.</summary>
    Timeout,
    /// <summary>The cancellation token was cancelled.</summary>
    Cancelled,
    /// <summary>The sampler has nothing left to propose (every <see cref="Samplers.GridSampler"/> point was evaluated).</summary>
    SearchSpaceExhausted,
    /// <summary><see cref="Study.Stop"/> was called (typically from a callback).</summary>
    StopRequested,
}
