using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Orders;
using Quarry.Core;

namespace Quarry.Backtesting.Strategies.BuiltIn;

/// <summary>
/// Multi-asset rotation: at the first bar of each month, rank the symbols by their rate of change over
/// <see cref="Lookback"/> bars and hold the <see cref="TopN"/> best in equal weights (only those with positive
/// momentum when <see cref="AbsoluteFilter"/> is on); everything else is sold. Sells are submitted before buys so
/// that their cash funds the buys.
/// </summary>
public sealed class TopNMomentum : Strategy
{
    double[][] _roc = [];
    int _month = -1;
    int[] _order = [];

    /// <inheritdoc />
    public override string Name => "top-n-momentum";

    /// <summary>Momentum lookback in bars.</summary>
    [Parameter(20, 252, Description = "momentum lookback in bars")]
    public int Lookback { get; set; } = 126;

    /// <summary>Number of symbols held.</summary>
    [Parameter(1, 10, Description = "number of symbols held")]
    public int TopN { get; set; } = 2;

    /// <summary>Hold only symbols whose momentum is positive.</summary>
    [Parameter(Description = "hold only symbols with positive momentum")]
    public bool AbsoluteFilter { get; set; } = true;

    /// <inheritdoc />
    public override void Initialize(StrategyContext context)
    {
        if (TopN < 1) throw new QuarryException(ErrorCode.InvalidParameter, $"Parameter 'top_n' of {Name} must be ≥ 1 (got {TopN}).");
        _roc = [.. context.Data.Select(d => context.Indicators.Roc(d, Lookback))];
        _order = new int[context.SymbolCount];
        _month = -1;
    }

    /// <inheritdoc />
    public override void OnBar(StrategyContext context)
    {
        int month = context.Time.Year * 12 + context.Time.Month;
        if (month == _month) return;
        bool first = _month < 0;
        _month = month;
        if (first) return; // the first month starts mid-way; rebalance at the next month start
        int ranked = Rank(context);
        int held = Math.Min(TopN, ranked);
        for (int k = held; k < context.SymbolCount; k++)
            if (context.Position(_order[k]) != 0) context.ClosePosition(_order[k]);
        for (int k = 0; k < held; k++)
            context.Buy(_order[k], OrderSize.TargetPercent(1.0 / TopN));
    }

    int Rank(StrategyContext context)
    {
        int count = 0;
        for (int s = 0; s < context.SymbolCount; s++)
        {
            int i = context.BarIndex(s);
            double roc = i >= 0 ? _roc[s][i] : double.NaN;
            if (double.IsNaN(roc) || (AbsoluteFilter && roc <= 0)) continue;
            _order[count++] = s;
        }
        // Insertion sort by momentum, best first; unranked symbols follow in index order.
        for (int a = 1; a < count; a++)
        {
            int s = _order[a], b = a - 1;
            double key = _roc[s][context.BarIndex(s)];
            while (b >= 0 && _roc[_order[b]][context.BarIndex(_order[b])] < key) { _order[b + 1] = _order[b]; b--; }
            _order[b + 1] = s;
        }
        int next = count;
        for (int s = 0; s < context.SymbolCount; s++)
            if (Array.IndexOf(_order, s, 0, count) < 0) _order[next++] = s;
        return count;
    }
}
