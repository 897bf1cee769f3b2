using Quarry.Backtesting.Engine;
using Quarry.Core;

namespace Quarry.Backtesting.Strategies.BuiltIn;

/// <summary>Long when the fast EMA of Close crosses above the slow one, out (or short) when it crosses below.</summary>
public sealed class EmaCross : SignalStrategy
{
    /// <inheritdoc />
    public override string Name => "ema-cross";

    /// <summary>Fast EMA period.</summary>
    [Parameter(2, 100, Description = "fast EMA period")]
    public int Fast { get; set; } = 12;

    /// <summary>Slow EMA period.</summary>
    [Parameter(10, 300, Description = "slow EMA period")]
    public int Slow { get; set; } = 26;

    /// <inheritdoc />
    public override void ComputeSignals(BarSeries series, IndicatorCache indicators, Span<sbyte> signals) =>
        Crossings.ToSignals(indicators.Ema(series, Fast), indicators.Ema(series, Slow), signals);
}
