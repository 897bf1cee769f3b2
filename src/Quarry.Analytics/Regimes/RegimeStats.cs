namespace Quarry.Analytics.Regimes;

/// <summary>How the strategy did on the days of one market regime.</summary>
/// <param name="Regime">"bull / calm", "bull / volatile", "bear / calm", "bear / volatile" or "unclassified".</param>
/// <param name="Days">Number of return periods in the regime.</param>
/// <param name="ShareOfDays">Days / all periods.</param>
/// <param name="TotalReturn">Compounded return over the regime's periods.</param>
/// <param name="AnnualReturn">(1 + TotalReturn)^(A / Days) − 1.</param>
/// <param name="Volatility">Annualised standard deviation of the regime's returns.</param>
/// <param name="Sharpe">Annualised Sharpe of the regime's returns (rf = 0).</param>
/// <param name="MaxDrawdown">Max drawdown of the regime's returns chained together, ≤ 0.</param>
/// <param name="HitRate">Share of the regime's non-zero returns that are positive.</param>
public sealed record RegimeStats(string Regime, int Days, double ShareOfDays, double TotalReturn, double AnnualReturn,
    double Volatility, double Sharpe, double MaxDrawdown, double HitRate);
