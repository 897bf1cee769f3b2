using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Orders;

namespace Quarry.Backtesting.Strategies.BuiltIn;

/// <summary>
/// Buys at the first opportunity and holds to the end: one symbol with the configured sizer, several symbols in
/// equal weights.
/// </summary>
public sealed class BuyAndHold : Strategy
{
    bool[] _bought = [];

    /// <inheritdoc />
    public override string Name => "buy-and-hold";

    /// <inheritdoc />
    public override void Initialize(StrategyContext context) => _bought = new bool[context.SymbolCount];

    /// <inheritdoc />
    public override void OnBar(StrategyContext context)
    {
        for (int s = 0; s < context.SymbolCount; s++)
        {
            if (_bought[s] || !context.HasBar(s)) continue;
            _bought[s] = true;
            if (context.SymbolCount == 1) context.GoLong(s);
            else context.Buy(s, OrderSize.PercentOfEquity(1.0 / context.SymbolCount));
        }
    }
}
