using Quarry.Backtesting.Engine;
using Quarry.Core;

namespace Quarry.Backtesting.Strategies.BuiltIn;

/// <summary>
/// Mean reversion on Bollinger bands: long when Close falls below the lower band, short (when allowed) above the
/// upper band, and flat when Close crosses back over the middle band.
/// </summary>
public sealed class BollingerReversion : SignalStrategy
{
    /// <inheritdoc />
    public override string Name => "bollinger-reversion";

    /// <summary>Band period.</summary>
    [Parameter(5, 60, Description = "SMA / std period")]
    public int Period { get; set; } = 20;

    /// <summary>Band width in standard deviations.</summary>
    [Parameter(1, 3.5, Step = 0.25, Description = "band width in standard deviations")]
    public double Width { get; set; } = 2;

    /// <inheritdoc />
    public override void ComputeSignals(BarSeries series, IndicatorCache indicators, Span<sbyte> signals)
    {
        var close = series.Close;
        var middle = indicators.Sma(series, Period);
        var std = indicators.RollingStd(series, Period);
        for (int i = 0; i < signals.Length; i++)
        {
            double band = Width * std[i];
            bool crossedMiddle = i > 0 && (close[i - 1] - middle[i - 1]) * (close[i] - middle[i]) < 0;
            signals[i] = close[i] < middle[i] - band ? Signal.Long
                : close[i] > middle[i] + band ? Signal.Short
                : crossedMiddle ? Signal.Flat
                : Signal.Hold;
        }
    }
}
