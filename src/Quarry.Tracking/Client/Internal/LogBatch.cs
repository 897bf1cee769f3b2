namespace Quarry.Tracking.Client.Internal;

/// <summary>One log-batch call within MLflow's limits (see <see cref="BatchChunker"/>).</summary>
internal sealed record LogBatch(List<Metric> Metrics, List<Param> Params, List<RunTag> Tags)
{
    public int Count => Metrics.Count + Params.Count + Tags.Count;
}
