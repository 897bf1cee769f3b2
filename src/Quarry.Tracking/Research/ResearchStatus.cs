namespace Quarry.Tracking.Research;

/// <summary>Where a strategy is in its life cycle (the experiment tag <c>status</c>).</summary>
public enum ResearchStatus
{
    /// <summary>Being explored.</summary>
    Research,
    /// <summary>Being validated (walk-forward, paper trading).</summary>
    Testing,
    /// <summary>Trading.</summary>
    Production,
    /// <summary>Retired.</summary>
    Archived,
}
