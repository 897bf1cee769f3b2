using Quarry.Backtesting.Engine;
using Quarry.Core;

namespace Quarry.Backtesting.Strategies;

/// <summary>
/// A strategy whose decisions are a column of <see cref="Signal"/> codes computed up front from indicators.
/// The event-driven engine acts on them bar by bar; the vectorised sweep path simulates them directly, and a
/// test proves the two give identical trades and equity.
/// </summary>
public abstract class SignalStrategy : Strategy
{
    sbyte[][] _signals = [];

    /// <summary>
    /// Writes one <see cref="Signal"/> code per bar of <paramref name="series"/>. The code at bar i must depend on
    /// bars ≤ i only. Use <paramref name="indicators"/> so that sweeps share indicator columns.
    /// </summary>
    public abstract void ComputeSignals(BarSeries series, IndicatorCache indicators, Span<sbyte> signals);

    /// <inheritdoc />
    public override void Initialize(StrategyContext context)
    {
        _signals = new sbyte[context.SymbolCount][];
        for (int s = 0; s < context.SymbolCount; s++)
        {
            var series = context.Data[s];
            _signals[s] = new sbyte[series.Count];
            ComputeSignals(series, context.Indicators, _signals[s]);
        }
    }

    /// <inheritdoc />
    public override void OnBar(StrategyContext context)
    {
        for (int s = 0; s < _signals.Length; s++)
        {
            if (!context.HasBar(s)) continue;
            switch (_signals[s][context.BarIndex(s)])
            {
                case Signal.Long: context.GoLong(s); break;
                case Signal.Short: context.GoShort(s); break;
                case Signal.Flat: context.GoFlat(s); break;
            }
        }
    }
}
