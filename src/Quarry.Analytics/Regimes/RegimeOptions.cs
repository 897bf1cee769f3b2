using System.Globalization;
using Quarry.Core;

namespace Quarry.Analytics.Regimes;

/// <summary>How <see cref="RegimeAnalysis"/> defines the regimes. Immutable; the defaults are the usual 200-day trend and VIX-20 split.</summary>
public sealed record RegimeOptions
{
    /// <summary>The default options.</summary>
    public static RegimeOptions Default { get; } = new();

    /// <summary>SMA length of the trend axis, in benchmark bars (200): bull when the close is above its SMA.</summary>
    public int TrendPeriod { get; init; } = 200;

    /// <summary>Level of the volatility index (e.g. VIX, in index points) at and above which the market is volatile (20).</summary>
    public double VolatilityIndexThreshold { get; init; } = 20;

    /// <summary>Window of the benchmark's realised volatility, in close-to-close returns (20); used without a volatility index.</summary>
    public int RealizedVolatilityWindow { get; init; } = 20;

    /// <summary>Annualised realised volatility (a fraction, 0.20 = 20 %) at and above which the market is volatile.</summary>
    public double RealizedVolatilityThreshold { get; init; } = 0.20;

    /// <summary>Benchmark bars per year used to annualise its realised volatility (252 for daily closes).</summary>
    public double BenchmarkPeriodsPerYear { get; init; } = 252;

    /// <summary>Strategy periods per year used to annualise each regime's return, volatility and Sharpe (252).</summary>
    public double PeriodsPerYear { get; init; } = 252;

    /// <summary>Throws a <see cref="QuarryException"/> (<see cref="ErrorCode.InvalidParameter"/>) naming the first invalid field.</summary>
    public void Validate()
    {
        if (TrendPeriod < 1) throw Invalid(nameof(TrendPeriod), TrendPeriod, "a whole number of bars ≥ 1, e.g. 200");
        if (!(VolatilityIndexThreshold > 0) || double.IsInfinity(VolatilityIndexThreshold))
            throw Invalid(nameof(VolatilityIndexThreshold), VolatilityIndexThreshold, "a positive index level, e.g. 20");
        if (RealizedVolatilityWindow < 2)
            throw Invalid(nameof(RealizedVolatilityWindow), RealizedVolatilityWindow, "at least 2 returns, e.g. 20");
        if (!(RealizedVolatilityThreshold > 0) || double.IsInfinity(RealizedVolatilityThreshold))
            throw Invalid(nameof(RealizedVolatilityThreshold), RealizedVolatilityThreshold, "a positive annualised fraction, e.g. 0.20");
        if (!(BenchmarkPeriodsPerYear > 0) || double.IsInfinity(BenchmarkPeriodsPerYear))
            throw Invalid(nameof(BenchmarkPeriodsPerYear), BenchmarkPeriodsPerYear, "a positive number, e.g. 252");
        if (!(PeriodsPerYear > 0) || double.IsInfinity(PeriodsPerYear))
            throw Invalid(nameof(PeriodsPerYear), PeriodsPerYear, "a positive number, e.g. 252");
    }

    static QuarryException Invalid(string field, double value, string expected) =>
        new(ErrorCode.InvalidParameter, string.Create(CultureInfo.InvariantCulture,
            $"RegimeOptions.{field} is {value}; expected {expected}."));
}
