namespace Quarry.Tracking;

/// <summary>
/// A dataset logged as a run input (MLflow's <c>Dataset</c>). Stored once per experiment and identified there by
/// (<paramref name="Name"/>, <paramref name="Digest"/>): logging the same pair again reuses the stored dataset. Limits (spec
/// <c>mlflow-rest.md</c> §3.4): name ≤ 500, digest ≤ 36, source ≤ 65,535, schema ≤ 1,048,575 and profile ≤ 16,777,215
/// characters.
/// </summary>
/// <param name="Name">The dataset name (required).</param>
/// <param name="Digest">A short content hash (required), e.g. the first hex digits of a SHA-256.</param>
/// <param name="SourceType">The kind of source (required), e.g. <c>local</c>, <c>http</c>, <c>s3</c>.</param>
/// <param name="Source">Where the data came from (required): a JSON document by MLflow's convention.</param>
/// <param name="Schema">The schema as JSON, or null.</param>
/// <param name="Profile">A profile (row counts, statistics) as JSON, or null.</param>
public sealed record Dataset(string Name, string Digest, string SourceType, string Source, string? Schema = null, string? Profile = null);
