namespace Quarry.Server.Api;

/// <summary>How a leaderboard ranks metric values, best first.</summary>
internal enum RankOrder
{
    /// <summary>Highest value first (<c>direction=desc</c>; the default for most metrics).</summary>
    Descending,

    /// <summary>Lowest value first (<c>direction=asc</c>).</summary>
    Ascending,

    /// <summary>Smallest magnitude first: the default for lower-is-better metrics (<see cref="MetricGoal"/>), whatever their sign.</summary>
    SmallestMagnitude,
}
