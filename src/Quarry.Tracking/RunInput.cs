namespace Quarry.Tracking;

/// <summary>
/// A dataset used by a run, with the input's tags (MLflow's <c>DatasetInput</c>). The tag <c>mlflow.data.context</c>
/// (e.g. <c>train</c>, <c>eval</c>) is what search calls <c>datasets.context</c>. Input tag keys are ≤ 255 and values ≤ 500
/// characters.
/// </summary>
/// <param name="Dataset">The dataset.</param>
/// <param name="Tags">The input's tags, ordered by key when read from a store.</param>
public sealed record RunInput(Dataset Dataset, IReadOnlyList<RunTag> Tags);
