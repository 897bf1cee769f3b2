namespace Quarry.Tracking;

/// <summary>Single-entity conveniences over <see cref="ITrackingStore.LogBatchAsync"/>.</summary>
public static class TrackingStoreExtensions
{
    /// <summary>Logs one metric point (see <see cref="ITrackingStore.LogBatchAsync"/>).</summary>
    public static Task LogMetricAsync(this ITrackingStore store, string runId, Metric metric, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(metric);
        return store.LogBatchAsync(runId, [metric], null, null, cancellationToken);
    }

    /// <summary>Logs one metric point (see <see cref="ITrackingStore.LogBatchAsync"/>).</summary>
    public static Task LogMetricAsync(this ITrackingStore store, string runId, string key, double value, long timestamp, long step = 0,
        CancellationToken cancellationToken = default) =>
        store.LogMetricAsync(runId, new Metric(key, value, timestamp, step), cancellationToken);

    /// <summary>Logs one param (write-once; see <see cref="ITrackingStore.LogBatchAsync"/>).</summary>
    public static Task LogParamAsync(this ITrackingStore store, string runId, string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.LogBatchAsync(runId, null, [new Param(key, value)], null, cancellationToken);
    }

    /// <summary>Sets one run tag (an upsert; <c>mlflow.runName</c> renames the run).</summary>
    public static Task SetTagAsync(this ITrackingStore store, string runId, string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.LogBatchAsync(runId, null, null, [new RunTag(key, value)], cancellationToken);
    }
}
