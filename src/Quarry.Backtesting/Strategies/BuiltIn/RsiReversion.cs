using Quarry.Backtesting.Engine;
using Quarry.Core;

namespace Quarry.Backtesting.Strategies.BuiltIn;

/// <summary>Mean reversion on Wilder's RSI: long below <see cref="Lower"/>, out (or short) above <see cref="Upper"/>.</summary>
public sealed class RsiReversion : SignalStrategy
{
    /// <inheritdoc />
    public override string Name => "rsi-reversion";

    /// <summary>RSI period.</summary>
    [Parameter(2, 30, Description = "RSI period")]
    public int Period { get; set; } = 14;

    /// <summary>Oversold level: buy below it.</summary>
    [Parameter(5, 45, Description = "oversold level (enter long below)")]
    public double Lower { get; set; } = 30;

    /// <summary>Overbought level: sell above it.</summary>
    [Parameter(55, 95, Description = "overbought level (exit / short above)")]
    public double Upper { get; set; } = 70;

    /// <inheritdoc />
    public override void ComputeSignals(BarSeries series, IndicatorCache indicators, Span<sbyte> signals)
    {
        var rsi = indicators.Rsi(series, Period);
        for (int i = 0; i < signals.Length; i++)
            signals[i] = rsi[i] < Lower ? Signal.Long : rsi[i] > Upper ? Signal.Short : Signal.Hold;
    }
}
