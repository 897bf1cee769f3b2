namespace Quarry.Tracking.Models;

/// <summary>Where a logged model's upload stands (MLflow 3's <c>LoggedModelStatus</c>).</summary>
public enum LoggedModelStatus
{
    /// <summary>Created; its artifacts are still being uploaded (<c>LOGGED_MODEL_PENDING</c>).</summary>
    Pending,
    /// <summary>Finalized with all artifacts in place (<c>LOGGED_MODEL_READY</c>).</summary>
    Ready,
    /// <summary>Finalized after a failed upload (<c>LOGGED_MODEL_UPLOAD_FAILED</c>).</summary>
    Failed,
}
