using Quarry.Core;

namespace Quarry.Analytics.Metrics;

/// <summary>Settings of a <see cref="MetricTable"/>. Immutable; QuantStats' defaults.</summary>
public sealed record MetricOptions
{
    /// <summary>Periods per year used to annualise (252 for daily data, 52 weekly, 12 monthly).</summary>
    public double PeriodsPerYear { get; init; } = 252;

    /// <summary>
    /// Annual risk-free rate as a fraction (0.04 = 4 %), QuantStats' <c>rf</c>: de-annualised and subtracted per period
    /// by Sharpe, Sortino (and their smart / adjusted variants) and Omega; subtracted raw from the totals of the ulcer
    /// performance index, serenity index, recovery factor and Treynor ratio and from every period by RAR; passed
    /// straight into the probabilistic ratios as the tearsheet does; ignored by CAGR, gain/pain and the greeks.
    /// Values ≤ 0 are ignored where QuantStats ignores them.
    /// </summary>
    public double RiskFree { get; init; }

    /// <summary>Confidence of the parametric value-at-risk and expected shortfall (<c>var</c>, <c>cvar</c>), in (0, 1).</summary>
    public double VarConfidence { get; init; } = 0.95;

    /// <summary>Whether the CAGR row and the monthly, quarterly and yearly aggregates compound returns (QuantStats <c>compounded</c>); otherwise they sum them. Calmar and RAR always compound, as in QuantStats.</summary>
    public bool Compounded { get; init; } = true;

    /// <summary>Throws a <see cref="QuarryException"/> (<see cref="ErrorCode.InvalidParameter"/>) naming the first invalid field.</summary>
    public void Validate()
    {
        if (!(PeriodsPerYear > 0) || double.IsInfinity(PeriodsPerYear))
            throw Invalid(nameof(PeriodsPerYear), PeriodsPerYear, "a positive number of periods per year, e.g. 252 for daily data");
        if (!double.IsFinite(RiskFree) || RiskFree <= -1)
            throw Invalid(nameof(RiskFree), RiskFree, "an annual rate as a fraction above -1, e.g. 0.04 for 4 %");
        if (!(VarConfidence > 0 && VarConfidence < 1))
            throw Invalid(nameof(VarConfidence), VarConfidence, "a fraction in (0, 1), e.g. 0.95");
    }

    static QuarryException Invalid(string name, double value, string expected) =>
        new(ErrorCode.InvalidParameter, $"MetricOptions.{name} = {value} is invalid: expected {expected}.");
}
