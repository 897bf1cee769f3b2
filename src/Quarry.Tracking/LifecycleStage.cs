namespace Quarry.Tracking;

/// <summary>MLflow's lifecycle stage strings of experiments and runs.</summary>
public static class LifecycleStage
{
    /// <summary><c>active</c>.</summary>
    public const string Active = "active";

    /// <summary><c>deleted</c> (soft-deleted; restorable).</summary>
    public const string Deleted = "deleted";
}
