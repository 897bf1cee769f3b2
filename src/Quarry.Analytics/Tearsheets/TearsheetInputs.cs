using Quarry.Analytics.Inputs;
using Quarry.Analytics.Regimes;
using Quarry.Core;

namespace Quarry.Analytics.Tearsheets;

/// <summary>Optional inputs of a tearsheet beyond the strategy itself.</summary>
public sealed record TearsheetInputs
{
    /// <summary>The benchmark, or null.</summary>
    public BenchmarkData? Benchmark { get; init; }

    /// <summary>A VIX-style volatility index for the regime analysis, or null to use the benchmark's realised volatility.</summary>
    public TimeSeries? VolatilityIndex { get; init; }

    /// <summary>Regime definitions.</summary>
    public RegimeOptions Regimes { get; init; } = RegimeOptions.Default;

    /// <summary>Periods per year; 0 infers it from the timestamps.</summary>
    public double PeriodsPerYear { get; init; }

    /// <summary>Annual risk-free rate (QuantStats convention).</summary>
    public double RiskFree { get; init; }

    /// <summary>Rolling window in periods.</summary>
    public int RollingWindow { get; init; } = 126;

    /// <summary>Clock for the "generated at" stamp.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
