using Quarry.Backtesting.Engine;
using Quarry.Core;

namespace Quarry.Backtesting.Strategies.BuiltIn;

/// <summary>Time-series momentum: long while the rate of change over <see cref="Lookback"/> bars exceeds <see cref="Threshold"/>, out (or short) otherwise.</summary>
public sealed class Momentum : SignalStrategy
{
    /// <inheritdoc />
    public override string Name => "momentum";

    /// <summary>Rate-of-change lookback in bars.</summary>
    [Parameter(10, 252, Description = "rate-of-change lookback in bars")]
    public int Lookback { get; set; } = 126;

    /// <summary>Minimum rate of change (a fraction) to be long.</summary>
    [Parameter(-0.1, 0.2, Step = 0.01, Description = "minimum rate of change to be long (fraction)")]
    public double Threshold { get; set; }

    /// <inheritdoc />
    public override void ComputeSignals(BarSeries series, IndicatorCache indicators, Span<sbyte> signals)
    {
        var roc = indicators.Roc(series, Lookback);
        for (int i = 0; i < signals.Length; i++)
            signals[i] = double.IsNaN(roc[i]) ? Signal.Hold : roc[i] > Threshold ? Signal.Long : Signal.Short;
    }
}
