namespace Quarry.Tracking.Search;

/// <summary>A dataset logged as an input of a run, as seen by search. Immutable.</summary>
/// <param name="Name">The dataset name.</param>
/// <param name="Digest">The dataset digest.</param>
/// <param name="Context">The <c>mlflow.data.context</c> input tag (e.g. "train"), or null when absent.</param>
public sealed record DatasetInput(string Name, string Digest, string? Context);
