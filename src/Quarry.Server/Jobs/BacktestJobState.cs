namespace Quarry.Server.Jobs;

/// <summary>Where a launched backtest is: waiting, running, done with a tracked run, or failed with an error.</summary>
internal enum BacktestJobState
{
    /// <summary>Waiting for a free worker.</summary>
    Queued,
    /// <summary>Loading data, running the engine, logging the run.</summary>
    Running,
    /// <summary>Done; its run is FINISHED in the tracking store.</summary>
    Finished,
    /// <summary>Stopped by an error (or by the server stopping); <see cref="BacktestJob.Error"/> says why.</summary>
    Failed,
}
