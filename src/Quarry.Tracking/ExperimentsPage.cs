namespace Quarry.Tracking;

/// <summary>One page of an experiments search (<see cref="ITrackingStore.SearchExperimentsAsync"/>).</summary>
/// <param name="Experiments">The experiments of this page, in the requested order, with their tags.</param>
/// <param name="NextPageToken">An opaque token for the next page, or null when this is the last page.</param>
public sealed record ExperimentsPage(IReadOnlyList<Experiment> Experiments, string? NextPageToken);
