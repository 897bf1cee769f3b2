namespace Quarry.Tracking;

/// <summary>One page of a runs search (<see cref="ITrackingStore.SearchRunsAsync"/>).</summary>
/// <param name="Runs">The runs of this page, in the requested order, with their params, tags and latest metrics.</param>
/// <param name="NextPageToken">An opaque token for the next page, or null when this is the last page.</param>
public sealed record RunsPage(IReadOnlyList<Run> Runs, string? NextPageToken);
