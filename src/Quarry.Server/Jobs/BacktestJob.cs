namespace Quarry.Server.Jobs;

/// <summary>
/// A snapshot of one launched backtest. Immutable: the runner replaces the snapshot on each transition, so a reader
/// always sees a consistent state. Times are Unix milliseconds.
/// </summary>
/// <param name="Id">The job id (32 hex digits).</param>
/// <param name="Request">What was asked for.</param>
/// <param name="CreatedAt">When it was queued.</param>
internal sealed record BacktestJob(string Id, BacktestRequest Request, long CreatedAt)
{
    /// <summary>Its state.</summary>
    public BacktestJobState State { get; init; } = BacktestJobState.Queued;

    /// <summary>When a worker took it, or null while queued.</summary>
    public long? StartedAt { get; init; }

    /// <summary>When it finished or failed, or null before.</summary>
    public long? FinishedAt { get; init; }

    /// <summary>Why it failed, or null.</summary>
    public string? Error { get; init; }

    /// <summary>The tracked run, once started (a failed job's run is FAILED).</summary>
    public string? RunId { get; init; }

    /// <summary>The experiment of the tracked run, once started.</summary>
    public string? ExperimentId { get; init; }

    /// <summary>The logged metrics of a finished job (finite values only); empty before.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Whether it is finished or failed.</summary>
    public bool IsDone => State is BacktestJobState.Finished or BacktestJobState.Failed;
}
