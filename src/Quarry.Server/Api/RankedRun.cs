namespace Quarry.Server.Api;

/// <summary>One leaderboard row from <see cref="RunQueries.RankAsync"/>.</summary>
/// <param name="RunId">The run.</param>
/// <param name="ExperimentId">Its experiment.</param>
/// <param name="Value">The latest value of the ranked metric (never NaN).</param>
/// <param name="Group">The value of the grouping tag, or null when not grouped.</param>
internal sealed record RankedRun(string RunId, string ExperimentId, double Value, string? Group);
