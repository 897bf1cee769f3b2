namespace Quarry.Tracking.Registry;

/// <summary>One page of a registered-model search.</summary>
/// <param name="Models">The models of this page.</param>
/// <param name="NextPageToken">Opaque token for the next page, or null on the last page.</param>
public sealed record RegisteredModelsPage(IReadOnlyList<RegisteredModel> Models, string? NextPageToken);

/// <summary>One page of a model-version search.</summary>
/// <param name="Versions">The versions of this page.</param>
/// <param name="NextPageToken">Opaque token for the next page, or null on the last page.</param>
public sealed record ModelVersionsPage(IReadOnlyList<ModelVersion> Versions, string? NextPageToken);
