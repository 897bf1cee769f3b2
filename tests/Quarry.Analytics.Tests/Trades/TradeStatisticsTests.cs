using Quarry.Analytics.Metrics;
using Quarry.Analytics.Trades;
using Quarry.Backtesting.Results;

namespace Quarry.Analytics.Tests.Trades;

public class TradeStatisticsTests
{
    static Trade Closed(int exitDay, double netPnl, int bars) => new("X", TradeDirection.Long, new DateTime(2020, 1, 1),
        100, new DateTime(2020, 2, exitDay), 101, 10, netPnl + 1, 1, netPnl, netPnl / 1000, bars, -0.01, 0.02);

    static Trade Open(double netPnl) => new("X", TradeDirection.Long, new DateTime(2020, 3, 1), 100, null, null, 10,
        netPnl, 0, netPnl, netPnl / 1000, 3, 0, 0);

    static Dictionary<string, double> Values(IReadOnlyList<MetricValue> rows) => rows.ToDictionary(r => r.Key, r => r.Strategy);

    [Fact]
    public void Statistics_match_hand_computation()
    {
        // Net P&L in exit order: +100, +50, −30, 0, −20, −10, +40, +60, +80 (bars held 1..9), plus one open trade.
        // The list is shuffled: streaks follow exit time, not list order.
        double[] pnl = [100, 50, -30, 0, -20, -10, 40, 60, 80];
        var closed = pnl.Select((p, i) => Closed(i + 1, p, i + 1)).ToList();
        List<Trade> trades = [closed[8], closed[2], Open(500), closed[0], closed[5], closed[1], closed[7], closed[3], closed[6], closed[4]];

        var v = Values(TradeStatistics.Compute(trades, initialCash: 10_000));
        Assert.Equal(10, v["trades"]);
        Assert.Equal(9, v["closed_trades"]);
        Assert.Equal(1, v["open_trades"]);
        Assert.Equal(5.0 / 9, v["win_rate"], 1e-15);            // 5 winners of 9 closed (the 0 trade counts as a non-win)
        Assert.Equal(66, v["avg_win"], 1e-12);                  // (100 + 50 + 40 + 60 + 80) / 5 = 330 / 5
        Assert.Equal(-20, v["avg_loss"], 1e-12);                // (−30 − 20 − 10) / 3
        Assert.Equal(5.5, v["profit_factor"], 1e-12);           // 330 / 60
        Assert.Equal(30, v["expectancy"], 1e-12);               // (330 − 60) / 9 = 270 / 9
        Assert.Equal(0.003, v["expectancy_pct"], 1e-15);        // 30 / 10,000
        Assert.Equal(0.03, v["avg_trade_return"], 1e-15);       // mean of NetPnl / 1000
        Assert.Equal(5, v["avg_bars_held"], 1e-15);             // (1 + … + 9) / 9
        Assert.Equal(100, v["largest_win"]);
        Assert.Equal(-30, v["largest_loss"]);
        Assert.Equal(3, v["longest_winning_streak"]);           // +40, +60, +80
        Assert.Equal(2, v["longest_losing_streak"]);            // −20, −10 (the 0 trade broke −30 from them)
    }

    [Fact]
    public void Rows_are_labelled_and_have_no_benchmark()
    {
        var rows = TradeStatistics.Compute([Closed(1, 10, 1)], 1000);
        Assert.All(rows, r => Assert.True(double.IsNaN(r.Benchmark)));
        Assert.Equal(MetricFormat.Percent, rows.Single(r => r.Key == "win_rate").Format);
        Assert.Equal(MetricFormat.Integer, rows.Single(r => r.Key == "longest_losing_streak").Format);
    }

    [Fact]
    public void Only_winners_give_infinite_profit_factor_and_no_loss_statistics()
    {
        var v = Values(TradeStatistics.Compute([Closed(1, 10, 2), Closed(2, 20, 4)], 1000));
        Assert.Equal(double.PositiveInfinity, v["profit_factor"]);
        Assert.True(double.IsNaN(v["avg_loss"]));
        Assert.True(double.IsNaN(v["largest_loss"]));
        Assert.Equal(2, v["longest_winning_streak"]);
        Assert.Equal(0, v["longest_losing_streak"]);
    }

    [Fact]
    public void Empty_list_gives_zero_counts_and_NaN_statistics()
    {
        var v = Values(TradeStatistics.Compute([], 1000));
        Assert.Equal(0, v["trades"]);
        Assert.Equal(0, v["open_trades"]);
        Assert.True(double.IsNaN(v["win_rate"]));
        Assert.True(double.IsNaN(v["expectancy"]));
        Assert.True(double.IsNaN(v["profit_factor"]));
        Assert.Equal(0, v["longest_winning_streak"]);
    }

    [Fact]
    public void Only_open_trades_are_counted_but_not_scored()
    {
        var v = Values(TradeStatistics.Compute([Open(50)], 1000));
        Assert.Equal(1, v["trades"]);
        Assert.Equal(1, v["open_trades"]);
        Assert.Equal(0, v["closed_trades"]);
        Assert.True(double.IsNaN(v["largest_win"]));
    }

    [Fact]
    public void Non_positive_initial_cash_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TradeStatistics.Compute([], 0));
    }
}
