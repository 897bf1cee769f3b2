using Quarry.Core;

namespace Quarry.Optimization;

/// <summary>How <see cref="Study.Optimize"/> runs. Immutable; <see cref="Validate"/> names the first bad field.</summary>
public sealed record OptimizeOptions
{
    /// <summary>
    /// Number of trials to run (≥ 1), or null for no limit (then stop with <see cref="Timeout"/>, cancellation,
    /// <see cref="Study.Stop"/> or an exhausted grid). Counted for this call across its <see cref="Jobs"/> threads, or
    /// across all workers of the study when <see cref="StopWhenBudgetSpent"/> is set.
    /// </summary>
    public int? Trials { get; init; }

    /// <summary>Number of threads running trials in parallel (≥ 1; −1 = one per processor). 1 runs on the calling thread.</summary>
    public int Jobs { get; init; } = 1;

    /// <summary>No new trial starts once this much time has elapsed since the call began (running trials finish); null = none.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// Exception types (and their subclasses) that fail the trial and let the optimization continue. Any other exception
    /// thrown by the objective also fails the trial, then stops all workers and is rethrown by Optimize.
    /// </summary>
    public IReadOnlyList<Type> Catch { get; init; } = [];

    /// <summary>
    /// When set, a background timer records a heartbeat for each running trial every interval, and each worker calls
    /// <see cref="Storage.IStudyStorage.FailStaleTrials"/> with a grace period of 2 × interval before starting a trial, so
    /// trials of dead workers end as Fail. Null = no heartbeats (trials of a dead worker stay Running).
    /// </summary>
    public TimeSpan? HeartbeatInterval { get; init; }

    /// <summary>
    /// With <see cref="HeartbeatInterval"/>: how many times a stale trial is retried. A trial failed as stale is re-added
    /// as Waiting with the same parameters, user attributes and system attributes plus <c>failed_trial</c> (the first
    /// failed trial's number) and <c>retry_history</c> (the numbers of the failed attempts), as Optuna's
    /// RetryFailedTrialCallback does; once an attempt chain has failed more than MaxRetries times it is not retried.
    /// Null = never retry.
    /// </summary>
    public int? MaxRetries { get; init; }

    /// <summary>
    /// Called after each trial this call finishes, with its final snapshot. Calls are serialised (never concurrent), on a
    /// worker thread; an exception stops the optimization and is rethrown. Without a callback a worker's tell also starts
    /// its next trial, in one storage call (<see cref="Storage.IStudyStorage.FinishAndStartTrial"/>); with one, the next
    /// trial starts after the callback returns, so that a <see cref="Study.Stop"/> there starts no further trial (one
    /// more storage round trip per trial).
    /// </summary>
    public Action<Study, FrozenTrial>? Callback { get; init; }

    /// <summary>
    /// Reported with each finished trial's final snapshot (after <see cref="Callback"/>). Unlike the callback, it does
    /// not delay the worker's next start: that trial may already be running when it is reported.
    /// </summary>
    public IProgress<FrozenTrial>? Progress { get; init; }

    /// <summary>
    /// Count <see cref="Trials"/> across all workers of the study (every process or Study instance sharing the storage):
    /// a worker starts no trial once the study holds <see cref="Trials"/> or more trials that are Running or finished
    /// (Complete, Pruned, Fail; retried and enqueued trials count once started). The check and the start are one storage
    /// call (<see cref="Storage.IStudyStorage.StartTrial"/>), so workers together start exactly the budget.
    /// </summary>
    public bool StopWhenBudgetSpent { get; init; }

    /// <summary>Clock for <see cref="Timeout"/>, <see cref="OptimizeResult.Elapsed"/> and the heartbeat timer.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Throws a QuarryException (InvalidParameter) naming the first invalid field.</summary>
    public void Validate()
    {
        if (Trials is < 1) throw Bad(nameof(Trials), $"{Trials}", "a count ≥ 1, or null for no limit");
        if (Jobs is 0 or < -1) throw Bad(nameof(Jobs), $"{Jobs}", "≥ 1, or −1 for one per processor");
        if (Timeout is { } t && t <= TimeSpan.Zero) throw Bad(nameof(Timeout), $"{t}", "a positive duration, or null");
        if (HeartbeatInterval is { } h && h <= TimeSpan.Zero) throw Bad(nameof(HeartbeatInterval), $"{h}", "a positive duration, or null");
        if (MaxRetries is < 0) throw Bad(nameof(MaxRetries), $"{MaxRetries}", "≥ 0, or null");
        if (MaxRetries is not null && HeartbeatInterval is null)
            throw Bad(nameof(MaxRetries), $"{MaxRetries}", "null unless HeartbeatInterval is set (only stale trials are retried)");
        if (StopWhenBudgetSpent && Trials is null) throw Bad(nameof(StopWhenBudgetSpent), "true", "false unless Trials is set");
        if (Catch is null) throw Bad(nameof(Catch), "null", "a list of exception types (empty for none)");
        foreach (var type in Catch)
            if (type is null || !typeof(Exception).IsAssignableFrom(type))
                throw Bad(nameof(Catch), type?.FullName ?? "null", "exception types only");
        if (Clock is null) throw Bad(nameof(Clock), "null", "a TimeProvider");
    }

    static QuarryException Bad(string field, string value, string expected) =>
        new(ErrorCode.InvalidParameter, $"OptimizeOptions.{field} = {value} is invalid: expected {expected}.");
}
