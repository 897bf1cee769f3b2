using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Orders;
using Quarry.Backtesting.Results;
using Quarry.Core;

namespace Quarry.Backtesting.Tests.Engine;

/// <summary>
/// Protective exits managed by the engine. Every case buys (or shorts) 100 shares at step 0, filled at bar 1's
/// open of 100, so stop levels are easy to read: 5 % stop-loss → 95, 10 % take-profit → 110.
/// </summary>
public class ExitRulesTests
{
    static readonly (double, double, double, double) Start = (100, 100, 100, 100);
    static readonly (double, double, double, double) Quiet = (100, 101, 99, 100);

    static BacktestResult Long(ExitRules exits, params (double, double, double, double)[] later) =>
        Long(new BacktestOptions { Exits = exits }, later);

    static BacktestResult Long(BacktestOptions options, params (double, double, double, double)[] later) =>
        Run.On(Bars.Of([Start, .. later]), new ScriptedStrategy().Buy(0, OrderSize.Shares(100)), options);

    static BacktestResult Short(ExitRules exits, params (double, double, double, double)[] later) =>
        Run.On(Bars.Of([Start, .. later]), new ScriptedStrategy().Sell(0, OrderSize.Shares(100)),
            new BacktestOptions { Exits = exits, AllowShort = true });

    static OrderRecord ExitOrder(BacktestResult result)
    {
        var exit = result.Filled(1);
        Assert.Equal(exit.SubmittedTime, exit.FillTime); // engine exits are created and filled within the bar
        return exit;
    }

    [Fact]
    public void StopLoss_fills_at_the_stop_when_the_low_reaches_it()
    {
        // stop 100 × 0.95 = 95; bar 1 low 99: no exit; bar 2 low 94 → 95
        var result = Long(new ExitRules { StopLoss = 0.05 }, Quiet, (99, 100, 94, 96), Quiet);
        var exit = ExitOrder(result);
        AssertClose.Equal(95, exit.FillPrice);
        AssertClose.Equal(95, exit.StopPrice);
        Assert.Equal(OrderType.Stop, exit.Type);
        Assert.Equal(OrderSide.Sell, exit.Side);
        Assert.Equal("stop-loss", exit.Reason);
        Assert.Equal(Bars.T(2), exit.FillTime);
        var trade = Assert.Single(result.Trades);
        // 100 × (95 − 100) = −500
        AssertClose.Equal(-500, trade.GrossPnl);
        Assert.Equal(1, trade.BarsHeld);
    }

    [Fact]
    public void StopLoss_gapped_through_fills_at_the_open()
    {
        var result = Long(new ExitRules { StopLoss = 0.05 }, Quiet, (93, 94, 92, 93));
        Assert.Equal(93, ExitOrder(result).FillPrice);
    }

    [Fact]
    public void StopLoss_fill_pays_slippage()
    {
        // 20 bps: entry 100 × 1.002 = 100.2; stop 100.2 × 0.95 = 95.19; fill 95.19 × 0.998 = 94.99962
        var options = new BacktestOptions { Exits = new ExitRules { StopLoss = 0.05 }, SlippageBps = 20 };
        var result = Long(options, Quiet, (99, 100, 94, 96));
        AssertClose.Equal(94.99962, ExitOrder(result).FillPrice);
    }

    [Fact]
    public void StopLoss_on_a_short_fills_when_the_high_reaches_it()
    {
        // short at 100, stop 105; bar 2 high 106 → buy back at 105
        var result = Short(new ExitRules { StopLoss = 0.05 }, Quiet, (101, 106, 100, 104));
        var exit = ExitOrder(result);
        AssertClose.Equal(105, exit.FillPrice);
        Assert.Equal(OrderSide.Buy, exit.Side);
        // −100 × (105 − 100) = −500
        AssertClose.Equal(-500, Assert.Single(result.Trades).GrossPnl);
    }

    [Fact]
    public void StopLoss_on_a_short_gapped_through_fills_at_the_open()
    {
        var result = Short(new ExitRules { StopLoss = 0.05 }, Quiet, (107, 108, 106, 107));
        Assert.Equal(107, ExitOrder(result).FillPrice);
    }

    [Fact]
    public void TrailingStop_follows_the_highest_high_since_entry()
    {
        // 10 % trail. Bar 1: stop from entry 100 → 90, high 110 raises the peak.
        // Bar 2: stop 110 × 0.9 = 99, low 105 holds; high 120 raises the peak.
        // Bar 3: stop 120 × 0.9 = 108, low 107 → exit at 108.
        var result = Long(new ExitRules { TrailingStop = 0.1 }, (100, 110, 99, 108), (108, 120, 105, 118), (115, 116, 107, 108));
        var exit = ExitOrder(result);
        AssertClose.Equal(108, exit.FillPrice);
        Assert.Equal("trailing-stop", exit.Reason);
        Assert.Equal(Bars.T(3), exit.FillTime);
    }

    [Fact]
    public void TrailingStop_gapped_through_fills_at_the_open()
    {
        // bar 3 opens at 100, below the 108 stop
        var result = Long(new ExitRules { TrailingStop = 0.1 }, (100, 110, 99, 108), (108, 120, 105, 118), (100, 101, 99, 100));
        Assert.Equal(100, ExitOrder(result).FillPrice);
    }

    [Fact]
    public void TrailingStop_on_a_short_follows_the_lowest_low()
    {
        // short at 100: bar 1 stop 110, low 90 lowers the trough; bar 2 stop 90 × 1.1 = 99, high 100 → 99
        var result = Short(new ExitRules { TrailingStop = 0.1 }, (100, 101, 90, 92), (92, 100, 91, 99));
        AssertClose.Equal(99, ExitOrder(result).FillPrice);
    }

    [Fact]
    public void The_tighter_of_stop_loss_and_trailing_stop_applies()
    {
        // stop-loss 95; trailing 110 × 0.9 = 99 after bar 1 → 99 is tighter; bar 2 low 98 → 99 (trailing-stop)
        var result = Long(new ExitRules { StopLoss = 0.05, TrailingStop = 0.1 }, (100, 110, 99, 108), (108, 109, 98, 100));
        var exit = ExitOrder(result);
        AssertClose.Equal(99, exit.FillPrice);
        Assert.Equal("trailing-stop", exit.Reason);
    }

    [Fact]
    public void TakeProfit_fills_at_the_target()
    {
        // target 110; bar 2 high 112 → 110, recorded as a limit order
        var options = new BacktestOptions { Exits = new ExitRules { TakeProfit = 0.1 } };
        var result = Long(options, Quiet, (105, 112, 104, 108));
        var exit = ExitOrder(result);
        AssertClose.Equal(110, exit.FillPrice);
        AssertClose.Equal(110, exit.LimitPrice);
        Assert.Equal(OrderType.Limit, exit.Type);
        Assert.Equal("take-profit", exit.Reason);
    }

    [Fact]
    public void TakeProfit_pays_no_slippage()
    {
        // entry 100 × 1.002 = 100.2; target 100.2 × 1.1 = 110.22; bar 2 high 112 → exactly 110.22
        var options = new BacktestOptions { Exits = new ExitRules { TakeProfit = 0.1 }, SlippageBps = 20 };
        var result = Long(options, Quiet, (105, 112, 104, 108));
        AssertClose.Equal(110.22, ExitOrder(result).FillPrice);
    }

    [Fact]
    public void TakeProfit_gapped_through_fills_at_the_better_open()
    {
        var result = Long(new ExitRules { TakeProfit = 0.1 }, Quiet, (115, 116, 114, 115));
        Assert.Equal(115, ExitOrder(result).FillPrice);
    }

    [Fact]
    public void TakeProfit_on_a_short_fills_when_the_low_reaches_it()
    {
        // short at 100, target 90; bar 2 low 89 → 90
        var result = Short(new ExitRules { TakeProfit = 0.1 }, Quiet, (95, 96, 89, 90));
        AssertClose.Equal(90, ExitOrder(result).FillPrice);
        AssertClose.Equal(1000, Assert.Single(result.Trades).GrossPnl);
    }

    [Fact]
    public void Stop_is_assumed_first_when_stop_and_target_trade_in_the_same_bar()
    {
        // bar 2 ranges 94..111: both 95 and 110 trade → the stop wins (conservative)
        var result = Long(new ExitRules { StopLoss = 0.05, TakeProfit = 0.1 }, Quiet, (100, 111, 94, 100));
        var exit = ExitOrder(result);
        Assert.Equal("stop-loss", exit.Reason);
        AssertClose.Equal(95, exit.FillPrice);
        Assert.Equal(2, result.Orders.Count);
    }

    [Fact]
    public void TimeStop_with_next_open_fills_holds_the_position_for_exactly_that_many_bars()
    {
        // time stop 2 bars; entry at bar 1's open. Held through bars 1 and 2, so the exit is submitted at bar 2's
        // close and fills at bar 3's open — which gaps down to 90: market exit at the open. BarsHeld = 3 − 1 = 2.
        var bars = Bars.Of(Start, Quiet, (102, 103, 101, 102), (90, 91, 89, 90), Quiet);
        var result = Run.On(bars, new ScriptedStrategy().Buy(0, OrderSize.Shares(100)),
            new BacktestOptions { Exits = new ExitRules { TimeStopBars = 2 } });
        var exit = result.Filled(1);
        Assert.Equal("time-stop", exit.Reason);
        Assert.Equal(OrderType.Market, exit.Type);
        Assert.Equal(Bars.T(2), exit.SubmittedTime);
        Assert.Equal(Bars.T(3), exit.FillTime);
        Assert.Equal(90, exit.FillPrice);
        Assert.Equal(2, Assert.Single(result.Trades).BarsHeld);
    }

    [Fact]
    public void TimeStop_with_fills_at_close_holds_the_position_for_exactly_that_many_bars()
    {
        // entry at bar 0's close (100); held through bars 1 and 2; exit at bar 2's close 102. BarsHeld = 2 − 0 = 2.
        var bars = Bars.Of(Start, Quiet, (102, 103, 101, 102), (90, 91, 89, 90), Quiet);
        var result = Run.On(bars, new ScriptedStrategy().Buy(0, OrderSize.Shares(100)),
            new BacktestOptions { Exits = new ExitRules { TimeStopBars = 2 }, Fill = FillTiming.Close });
        var exit = result.Filled(1);
        Assert.Equal("time-stop", exit.Reason);
        Assert.Equal(Bars.T(2), exit.FillTime);
        Assert.Equal(102, exit.FillPrice);
        Assert.Equal(2, Assert.Single(result.Trades).BarsHeld);
    }

    // Bars 0..3 have high − low = 2 around a close of 100, so Wilder ATR(3) at bar 3 = 2.
    static readonly (double, double, double, double)[] Warmup = [Quiet, Quiet, Quiet, Quiet];

    static BacktestResult AtrLong(params (double, double, double, double)[] later) =>
        Run.On(Bars.Of([.. Warmup, .. later]), new ScriptedStrategy().Buy(3, OrderSize.Shares(100)),
            new BacktestOptions { Exits = new ExitRules { AtrStopMultiple = 2, AtrPeriod = 3 } });

    [Fact]
    public void AtrStop_sits_multiple_ATRs_below_the_entry()
    {
        // signal at bar 3 (ATR 2), entry at bar 4's open 100; stop 100 − 2 × 2 = 96; bar 5 low 95 → 96
        var result = AtrLong(Quiet, (99, 100, 95, 96));
        var exit = ExitOrder(result);
        AssertClose.Equal(96, exit.FillPrice);
        Assert.Equal("atr-stop", exit.Reason);
        Assert.Equal(Bars.T(5), exit.FillTime);
    }

    [Fact]
    public void AtrStop_gapped_through_fills_at_the_open()
    {
        var result = AtrLong(Quiet, (94, 95, 93, 94));
        Assert.Equal(94, ExitOrder(result).FillPrice);
    }

    [Fact]
    public void AtrStop_is_inactive_while_the_ATR_is_undefined_at_the_signal_bar()
    {
        // signal at bar 0 (ATR(3) undefined): no ATR stop even though bar 2 falls to 50
        var bars = Bars.Of(Start, Quiet, (60, 61, 50, 55));
        var result = Run.On(bars, new ScriptedStrategy().Buy(0, OrderSize.Shares(100)),
            new BacktestOptions { Exits = new ExitRules { AtrStopMultiple = 2, AtrPeriod = 3 } });
        Assert.Single(result.Orders);
        Assert.True(Assert.Single(result.Trades).IsOpen);
    }

    [Fact]
    public void Stopped_out_trade_reports_an_adverse_excursion_at_least_as_bad_as_its_exit()
    {
        // bar 1 (99..101) gives MAE −1 %, but the stop fills at 95 in bar 2: the trade went at least 5 % against
        // the entry, so MAE ≤ −0.05 and MFE ≥ +0.01.
        var result = Long(new ExitRules { StopLoss = 0.05 }, Quiet, (99, 100, 94, 96));
        var trade = Assert.Single(result.Trades);
        Assert.True(trade.Mae <= -0.05 + 1e-12, $"MAE {trade.Mae} is milder than the −5 % exit");
        AssertClose.Equal(0.01, trade.Mfe);
        Assert.True(trade.Mae <= trade.ReturnPct);
    }

    [Fact]
    public void Excursions_are_fractions_of_the_entry_price_over_the_bars_held()
    {
        // long 100 at 100; bar 1 99..101, bar 2 97..108, still open at the end: MAE (97 − 100)/100, MFE (108 − 100)/100
        var result = Long(ExitRules.None, Quiet, (100, 108, 97, 105));
        var trade = Assert.Single(result.Trades);
        AssertClose.Equal(-0.03, trade.Mae);
        AssertClose.Equal(0.08, trade.Mfe);
    }

    [Theory]
    [InlineData(1.5, double.NaN, 0, "stop-loss")]
    [InlineData(double.NaN, -0.1, 0, "trailing-stop")]
    [InlineData(double.NaN, double.NaN, -1, "time-stop")]
    public void Invalid_exit_rules_name_the_field(double stopLoss, double trailing, int timeStop, string field)
    {
        var options = new BacktestOptions { Exits = new ExitRules { StopLoss = stopLoss, TrailingStop = trailing, TimeStopBars = timeStop } };
        var error = Assert.Throws<QuarryException>(() => Run.On(Bars.Flat(100, 100), new IdleStrategy(), options));
        Assert.Equal(ErrorCode.InvalidParameter, error.Code);
        Assert.Contains($"'{field}'", error.Message, StringComparison.Ordinal);
    }
}
