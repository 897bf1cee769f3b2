namespace Quarry.Tracking.Client.Internal;

/// <summary>
/// The entities of one run logged since the last hand-over, in logging order. Two sets alternate between the loggers
/// and the background writer, so steady-state logging reuses their capacity instead of allocating.
/// </summary>
internal sealed class PendingSet
{
    public List<PendingMetric> Metrics { get; } = [];
    public List<PendingEntry> Params { get; } = [];
    public List<PendingEntry> Tags { get; } = [];

    public int Count => Metrics.Count + Params.Count + Tags.Count;

    public void Clear()
    {
        Metrics.Clear();
        Params.Clear();
        Tags.Clear();
    }
}
