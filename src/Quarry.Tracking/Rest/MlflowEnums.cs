namespace Quarry.Tracking.Rest;

/// <summary>
/// MLflow's enum names and proto numbers on the wire (spec <c>mlflow-rest.md</c> §1): responses carry names
/// (<c>"FINISHED"</c>); requests may carry the name or the number. Allocation-free; thread-safe.
/// </summary>
public static class MlflowEnums
{
    /// <summary>The wire name of a run status (<c>RUNNING</c>, <c>SCHEDULED</c>, <c>FINISHED</c>, <c>FAILED</c>, <c>KILLED</c>).</summary>
    public static string Name(RunStatus status) => status switch
    {
        RunStatus.Running => "RUNNING",
        RunStatus.Scheduled => "SCHEDULED",
        RunStatus.Finished => "FINISHED",
        RunStatus.Failed => "FAILED",
        RunStatus.Killed => "KILLED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not an MLflow run status."),
    };

    /// <summary>The wire name of a view type (<c>ACTIVE_ONLY</c>, <c>DELETED_ONLY</c>, <c>ALL</c>).</summary>
    public static string Name(ViewType viewType) => viewType switch
    {
        ViewType.ActiveOnly => "ACTIVE_ONLY",
        ViewType.DeletedOnly => "DELETED_ONLY",
        ViewType.All => "ALL",
        _ => throw new ArgumentOutOfRangeException(nameof(viewType), viewType, "Not an MLflow view type."),
    };

    /// <summary>Parses a run status from its name (case-sensitive, as protobuf) or its proto number (1–5).</summary>
    public static bool TryParseRunStatus(string? text, out RunStatus status)
    {
        status = text switch
        {
            "RUNNING" or "1" => RunStatus.Running,
            "SCHEDULED" or "2" => RunStatus.Scheduled,
            "FINISHED" or "3" => RunStatus.Finished,
            "FAILED" or "4" => RunStatus.Failed,
            "KILLED" or "5" => RunStatus.Killed,
            _ => 0,
        };
        return status != 0;
    }

    /// <summary>Parses a view type from its name or its proto number (<c>ACTIVE_ONLY</c>=1, <c>DELETED_ONLY</c>=2, <c>ALL</c>=3).</summary>
    public static bool TryParseViewType(string? text, out ViewType viewType)
    {
        (bool ok, viewType) = text switch
        {
            "ACTIVE_ONLY" or "1" => (true, ViewType.ActiveOnly),
            "DELETED_ONLY" or "2" => (true, ViewType.DeletedOnly),
            "ALL" or "3" => (true, ViewType.All),
            _ => (false, ViewType.ActiveOnly),
        };
        return ok;
    }
}
