namespace Quarry.Tracking.Models;

/// <summary>One page of a logged-model search.</summary>
/// <param name="Models">The models of this page.</param>
/// <param name="NextPageToken">The token of the next page, null on the last one.</param>
public sealed record LoggedModelsPage(IReadOnlyList<LoggedModel> Models, string? NextPageToken);
