namespace Quarry.Tracking;

/// <summary>A run's status, as MLflow's <c>RunStatus</c> enum; stored and serialized by name (<c>RUNNING</c>, …).</summary>
public enum RunStatus
{
    /// <summary>The run is in progress (<c>RUNNING</c>, MLflow number 1).</summary>
    Running = 1,
    /// <summary>The run is scheduled but not started (<c>SCHEDULED</c>, 2).</summary>
    Scheduled = 2,
    /// <summary>The run finished successfully (<c>FINISHED</c>, 3).</summary>
    Finished = 3,
    /// <summary>The run failed (<c>FAILED</c>, 4).</summary>
    Failed = 4,
    /// <summary>The run was killed (<c>KILLED</c>, 5).</summary>
    Killed = 5,
}
