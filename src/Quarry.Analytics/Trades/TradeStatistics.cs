using Quarry.Analytics.Metrics;
using Quarry.Backtesting.Results;

namespace Quarry.Analytics.Trades;

/// <summary>
/// Per-trade statistics of a backtest (round trips, not periods; the per-period win rate etc. are in the metrics table).
/// A trade wins when its net P&amp;L (after commissions) is &gt; 0 and loses when it is &lt; 0; a trade with exactly 0
/// is neither (it counts in the win-rate denominator, as in <c>PerformanceSummary</c>, and ends both streaks).
/// Only closed trades enter the statistics; open trades are counted. Stateless and thread-safe.
/// </summary>
public static class TradeStatistics
{
    /// <summary>
    /// The rows, in display order (keys in brackets; currency amounts in the account currency, fractions as fractions;
    /// <see cref="MetricValue.Benchmark"/> is NaN):
    /// trades [<c>trades</c>: closed + open], closed trades [<c>closed_trades</c>], open trades [<c>open_trades</c>],
    /// win rate [<c>win_rate</c>: winners / closed; NaN without closed trades], average win [<c>avg_win</c>: mean net
    /// P&amp;L of winners; NaN without winners], average loss [<c>avg_loss</c>: mean net P&amp;L of losers, negative; NaN
    /// without losers], profit factor [<c>profit_factor</c>: Σ wins / |Σ losses|; +∞ without losses, NaN with neither],
    /// expectancy [<c>expectancy</c>: mean net P&amp;L per closed trade], expectancy as a fraction of
    /// <paramref name="initialCash"/> [<c>expectancy_pct</c>], average trade return [<c>avg_trade_return</c>: mean
    /// <see cref="Trade.ReturnPct"/>], average bars held [<c>avg_bars_held</c>], largest win [<c>largest_win</c>: NaN
    /// without winners], largest loss [<c>largest_loss</c>: negative, NaN without losers], longest winning / losing
    /// streak [<c>longest_winning_streak</c>, <c>longest_losing_streak</c>: consecutive closed trades in exit-time
    /// order]. An empty list gives counts of 0 and NaN statistics. Allocates the rows.
    /// </summary>
    /// <param name="trades">The backtest's trades (closed and open, any order).</param>
    /// <param name="initialCash">Starting equity, &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initialCash"/> is not a positive finite number.</exception>
    public static IReadOnlyList<MetricValue> Compute(IReadOnlyList<Trade> trades, double initialCash)
    {
        ArgumentNullException.ThrowIfNull(trades);
        if (!(initialCash > 0) || double.IsInfinity(initialCash))
            throw new ArgumentOutOfRangeException(nameof(initialCash), initialCash, "Initial cash must be a positive amount.");
        var closed = trades.Where(t => !t.IsOpen).OrderBy(t => t.ExitTime).ToList();   // stable: ties keep list order
        int wins = 0, losses = 0;
        double sumWin = 0, sumLoss = 0, sumPnl = 0, sumReturn = 0, sumBars = 0;
        double largestWin = double.NaN, largestLoss = double.NaN;
        foreach (var t in closed)
        {
            sumPnl += t.NetPnl;
            sumReturn += t.ReturnPct;
            sumBars += t.BarsHeld;
            if (t.NetPnl > 0)
            {
                wins++;
                sumWin += t.NetPnl;
                if (!(t.NetPnl <= largestWin)) largestWin = t.NetPnl;
            }
            else if (t.NetPnl < 0)
            {
                losses++;
                sumLoss += t.NetPnl;
                if (!(t.NetPnl >= largestLoss)) largestLoss = t.NetPnl;
            }
        }
        int n = closed.Count;
        double expectancy = n > 0 ? sumPnl / n : double.NaN;
        var (winStreak, lossStreak) = Streaks(closed);
        return
        [
            Row("trades", "Trades", trades.Count, MetricFormat.Integer),
            Row("closed_trades", "Closed trades", n, MetricFormat.Integer),
            Row("open_trades", "Open trades", trades.Count - n, MetricFormat.Integer),
            Row("win_rate", "Win rate", n > 0 ? (double)wins / n : double.NaN, MetricFormat.Percent),
            Row("avg_win", "Average win", wins > 0 ? sumWin / wins : double.NaN, MetricFormat.Number),
            Row("avg_loss", "Average loss", losses > 0 ? sumLoss / losses : double.NaN, MetricFormat.Number),
            Row("profit_factor", "Profit factor", ProfitFactor(sumWin, sumLoss), MetricFormat.Number),
            Row("expectancy", "Expectancy (per trade)", expectancy, MetricFormat.Number),
            Row("expectancy_pct", "Expectancy (% of starting equity)", expectancy / initialCash, MetricFormat.Percent),
            Row("avg_trade_return", "Average trade return", n > 0 ? sumReturn / n : double.NaN, MetricFormat.Percent),
            Row("avg_bars_held", "Average bars held", n > 0 ? sumBars / n : double.NaN, MetricFormat.Number),
            Row("largest_win", "Largest win", largestWin, MetricFormat.Number),
            Row("largest_loss", "Largest loss", largestLoss, MetricFormat.Number),
            Row("longest_winning_streak", "Longest winning streak", winStreak, MetricFormat.Integer),
            Row("longest_losing_streak", "Longest losing streak", lossStreak, MetricFormat.Integer),
        ];
    }

    /// <summary>Σ wins / |Σ losses|: +∞ without losses (NaN when there are no wins either), as <c>PerformanceSummary</c>.</summary>
    static double ProfitFactor(double sumWin, double sumLoss) =>
        sumLoss < 0 ? sumWin / -sumLoss : sumWin > 0 ? double.PositiveInfinity : double.NaN;

    static (int Wins, int Losses) Streaks(List<Trade> closed)
    {
        int bestWin = 0, bestLoss = 0, win = 0, loss = 0;
        foreach (var t in closed)
        {
            win = t.NetPnl > 0 ? win + 1 : 0;
            loss = t.NetPnl < 0 ? loss + 1 : 0;
            bestWin = Math.Max(bestWin, win);
            bestLoss = Math.Max(bestLoss, loss);
        }
        return (bestWin, bestLoss);
    }

    static MetricValue Row(string key, string label, double value, MetricFormat format) =>
        new(key, label, value, double.NaN, format);
}
