namespace Quarry.Tracking.Registry;

/// <summary>MLflow's <c>ModelVersionStatus</c>.</summary>
public enum ModelVersionStatus
{
    /// <summary><c>PENDING_REGISTRATION</c>.</summary>
    PendingRegistration,
    /// <summary><c>FAILED_REGISTRATION</c>.</summary>
    FailedRegistration,
    /// <summary><c>READY</c>: every version Quarry creates is ready at once.</summary>
    Ready,
}
