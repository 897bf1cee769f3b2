namespace Quarry.Tracking.Client.Internal;

/// <summary>A metric point waiting to be written (a struct, so logging allocates nothing per point).</summary>
internal readonly record struct PendingMetric(string Key, double Value, long Timestamp, long Step);
