namespace Quarry.Tracking.Search;

/// <summary>
/// The fields of a run that search filters and orders on. <see cref="Metrics"/> holds the latest value of each
/// metric (see <see cref="LatestMetrics"/>). Immutable; collections default to empty.
/// </summary>
/// <param name="RunId">The run id (lowercase hex in MLflow).</param>
public sealed record RunView(string RunId)
{
    /// <summary>The run name column; filters on <c>run_name</c> use the <c>mlflow.runName</c> tag first.</summary>
    public string? RunName { get; init; }

    /// <summary>The status: RUNNING, SCHEDULED, FINISHED, FAILED or KILLED.</summary>
    public string Status { get; init; } = "RUNNING";

    /// <summary>Start time, milliseconds since the Unix epoch.</summary>
    public long StartTime { get; init; }

    /// <summary>End time, milliseconds since the Unix epoch; null while the run has not ended.</summary>
    public long? EndTime { get; init; }

    /// <summary>The user who created the run, or null.</summary>
    public string? UserId { get; init; }

    /// <summary>The artifact root URI, or null.</summary>
    public string? ArtifactUri { get; init; }

    /// <summary>"active" or "deleted"; not filterable (use the run view type).</summary>
    public string LifecycleStage { get; init; } = "active";

    /// <summary>Latest value of each metric, by key.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Parameters, by key.</summary>
    public IReadOnlyDictionary<string, string> Params { get; init; } = new Dictionary<string, string>();

    /// <summary>Tags, by key.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>Dataset inputs of the run.</summary>
    public IReadOnlyList<DatasetInput> Datasets { get; init; } = [];

    /// <summary>The name search sees: the <c>mlflow.runName</c> tag if present, else <see cref="RunName"/>.</summary>
    public string? EffectiveRunName => Tags.TryGetValue("mlflow.runName", out var n) ? n : RunName;

    /// <summary>
    /// Reduces a metric history to MLflow's latest values: per key, the point with the largest step, then the largest
    /// timestamp, then the largest value (NaN counts as largest, as in MLflow). Empty input gives an empty map.
    /// </summary>
    public static IReadOnlyDictionary<string, double> LatestMetrics(IEnumerable<MetricPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var best = new Dictionary<string, MetricPoint>(StringComparer.Ordinal);
        foreach (var p in points)
        {
            if (!best.TryGetValue(p.Key, out var b) || IsLater(p, b))
                best[p.Key] = p;
        }
        return best.ToDictionary(kv => kv.Key, kv => kv.Value.Value, StringComparer.Ordinal);
    }

    private static bool IsLater(MetricPoint p, MetricPoint b)
    {
        if (p.Step != b.Step) return p.Step > b.Step;
        if (p.Timestamp != b.Timestamp) return p.Timestamp > b.Timestamp;
        return double.IsNaN(p.Value) || p.Value > b.Value;
    }
}
