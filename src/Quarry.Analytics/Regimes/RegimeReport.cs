namespace Quarry.Analytics.Regimes;

/// <summary>Per-regime results and how the regimes were defined.</summary>
/// <param name="Rows">The four regimes, then "unclassified" (days before the regime inputs exist).</param>
/// <param name="TrendSource">What defined the trend axis, e.g. "SPY close vs its 200-day SMA".</param>
/// <param name="VolatilitySource">What defined the volatility axis, e.g. "VIX &lt; 20" or "SPY 20-day realised volatility &lt; 20 %".</param>
public sealed record RegimeReport(IReadOnlyList<RegimeStats> Rows, string TrendSource, string VolatilitySource);
