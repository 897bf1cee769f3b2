namespace Quarry.Server.Api;

/// <summary>What <c>GET /api/quarry/status</c> reports, counted over active experiments and runs.</summary>
/// <param name="Experiments">Active experiments.</param>
/// <param name="Runs">Active runs.</param>
/// <param name="RecentRuns">Active runs started at or after the cut-off.</param>
/// <param name="FailedRuns">Active runs with status FAILED.</param>
/// <param name="RunningRuns">Active runs with status RUNNING.</param>
internal sealed record RunCounts(long Experiments, long Runs, long RecentRuns, long FailedRuns, long RunningRuns);
