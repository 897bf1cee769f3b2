using Quarry.Backtesting.Engine;
using Quarry.Core;

namespace Quarry.Backtesting.Strategies.BuiltIn;

/// <summary>
/// Long when the fast SMA of Close crosses above the slow one, out (or short) when it crosses below.
/// Crossings follow backtrader's CrossOver: a cross through an exact tie counts.
/// </summary>
public sealed class SmaCross : SignalStrategy
{
    /// <inheritdoc />
    public override string Name => "sma-cross";

    /// <summary>Fast SMA period.</summary>
    [Parameter(2, 100, Description = "fast SMA period")]
    public int Fast { get; set; } = 10;

    /// <summary>Slow SMA period.</summary>
    [Parameter(10, 300, Description = "slow SMA period")]
    public int Slow { get; set; } = 30;

    /// <inheritdoc />
    public override void ComputeSignals(BarSeries series, IndicatorCache indicators, Span<sbyte> signals) =>
        Crossings.ToSignals(indicators.Sma(series, Fast), indicators.Sma(series, Slow), signals);
}
