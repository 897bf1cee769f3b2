namespace Quarry.Tracking;

/// <summary>Which lifecycle stages a search returns (MLflow's <c>ViewType</c>).</summary>
public enum ViewType
{
    /// <summary>Active runs or experiments only (MLflow's default, <c>ACTIVE_ONLY</c>).</summary>
    ActiveOnly,

    /// <summary>Soft-deleted runs or experiments only (<c>DELETED_ONLY</c>).</summary>
    DeletedOnly,

    /// <summary>Both active and deleted (<c>ALL</c>).</summary>
    All,
}
