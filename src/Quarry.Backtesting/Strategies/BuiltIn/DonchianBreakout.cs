using Quarry.Backtesting.Engine;

namespace Quarry.Backtesting.Strategies.BuiltIn;

/// <summary>
/// Turtle-style channel breakout: long when Close exceeds the highest High of the previous <see cref="Entry"/>
/// bars, exit when it falls below the lowest Low of the previous <see cref="Exit"/> bars; the mirror image for
/// shorts when they are allowed.
/// </summary>
public sealed class DonchianBreakout : Strategy
{
    double[][] _entryHigh = [], _entryLow = [], _exitHigh = [], _exitLow = [];

    /// <inheritdoc />
    public override string Name => "donchian-breakout";

    /// <summary>Breakout channel length.</summary>
    [Parameter(10, 100, Description = "entry channel length in bars")]
    public int Entry { get; set; } = 20;

    /// <summary>Exit channel length.</summary>
    [Parameter(5, 50, Description = "exit channel length in bars")]
    public int Exit { get; set; } = 10;

    /// <inheritdoc />
    public override void Initialize(StrategyContext context)
    {
        var data = context.Data;
        var cache = context.Indicators;
        _entryHigh = [.. data.Select(d => cache.Highest(d, Entry))];
        _entryLow = [.. data.Select(d => cache.Lowest(d, Entry))];
        _exitHigh = [.. data.Select(d => cache.Highest(d, Exit))];
        _exitLow = [.. data.Select(d => cache.Lowest(d, Exit))];
    }

    /// <inheritdoc />
    public override void OnBar(StrategyContext context)
    {
        for (int s = 0; s < context.SymbolCount; s++)
        {
            int i = context.BarIndex(s);
            if (!context.HasBar(s) || i < 1) continue;
            double close = context.Data[s].Close[i], position = context.Position(s);
            // Channels of the previous bars: the current bar must break them.
            if (position > 0 && close < _exitLow[s][i - 1]) context.GoFlat(s);
            else if (position < 0 && close > _exitHigh[s][i - 1]) context.GoFlat(s);
            else if (position == 0 && close > _entryHigh[s][i - 1]) context.GoLong(s);
            else if (position == 0 && close < _entryLow[s][i - 1]) context.GoShort(s);
        }
    }
}
