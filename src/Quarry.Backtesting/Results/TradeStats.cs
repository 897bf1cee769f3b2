namespace Quarry.Backtesting.Results;

/// <summary>Counts and sums over trades that the summary metrics need.</summary>
/// <param name="Trades">All trades, open ones included.</param>
/// <param name="Closed">Closed trades.</param>
/// <param name="Wins">Closed trades with net P&amp;L &gt; 0.</param>
/// <param name="GrossWin">Σ net P&amp;L of winners.</param>
/// <param name="GrossLoss">Σ |net P&amp;L| of the other closed trades.</param>
/// <param name="BarsHeld">Σ bars held of closed trades.</param>
public readonly record struct TradeStats(int Trades, int Closed, int Wins, double GrossWin, double GrossLoss, double BarsHeld)
{
    /// <summary>Statistics of a list of trades.</summary>
    public static TradeStats From(IReadOnlyList<Trade> trades)
    {
        int closed = 0, wins = 0;
        double win = 0, loss = 0, bars = 0;
        foreach (var trade in trades)
        {
            if (trade.IsOpen) continue;
            closed++;
            bars += trade.BarsHeld;
            if (trade.NetPnl > 0) { wins++; win += trade.NetPnl; }
            else loss -= trade.NetPnl;
        }
        return new TradeStats(trades.Count, closed, wins, win, loss, bars);
    }
}
