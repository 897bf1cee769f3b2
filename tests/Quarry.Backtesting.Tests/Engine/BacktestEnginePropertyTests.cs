using CsCheck;
using Quarry.Backtesting.Costs;
using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Orders;
using Quarry.Backtesting.Results;
using Quarry.Backtesting.Sizing;
using Quarry.Backtesting.Strategies;
using Quarry.Backtesting.Sweeps;
using Quarry.Core;

namespace Quarry.Backtesting.Tests.Engine;

/// <summary>
/// Accounting invariants over random bar series (valid OHLC), random order scripts and random options.
/// </summary>
public class BacktestEnginePropertyTests
{
    /// <summary>A random backtest: bars from unit draws, one action code and amount per step, an option bitmask.</summary>
    internal sealed record Scenario(int Bars, double[] Draws, int[] Actions, double[] Amounts, int Flags, double[] Knobs)
    {
        public BarSeries Series()
        {
            double[] open = new double[Bars], high = new double[Bars], low = new double[Bars], close = new double[Bars];
            double previous = 100;
            for (int i = 0; i < Bars; i++)
            {
                open[i] = previous * (1 + 0.1 * (Draws[4 * i] - 0.5));
                close[i] = open[i] * (1 + 0.1 * (Draws[4 * i + 1] - 0.5));
                high[i] = Math.Max(open[i], close[i]) * (1 + 0.03 * Draws[4 * i + 2]);
                low[i] = Math.Min(open[i], close[i]) * (1 - 0.03 * Draws[4 * i + 3]);
                previous = close[i];
            }
            return Tests.Bars.FromColumns("RND", open, high, low, close);
        }

        bool Bit(int k) => (Flags & (1 << k)) != 0;

        public BacktestOptions Options(bool allowShort) => new()
        {
            InitialCash = 10_000,
            Fill = Bit(0) ? FillTiming.Close : FillTiming.NextOpen,
            AllowShort = allowShort && Bit(1),
            FractionalShares = Bit(2),
            CloseAtEnd = Bit(3),
            Commission = ((Flags >> 4) & 3) switch
            {
                0 => ZeroCommission.Instance,
                1 => new PercentOfValueCommission(0.002 * Knobs[0]),
                2 => new PerShareCommission(0.01, 1),
                _ => new CompositeCommission(new FixedCommission(1), new PercentOfValueCommission(0.001)),
            },
            SlippageBps = 30 * Knobs[1],
            SpreadBps = 30 * Knobs[2],
            Sizer = ((Flags >> 11) & 3) switch
            {
                0 => AllInSizer.Instance,
                1 => new FixedFractionSizer(0.2 + 0.8 * Knobs[3]),
                2 => new FixedSharesSizer(1 + 20 * Knobs[3]),
                _ => new AtrRiskSizer(0.02, 2, 3),
            },
            Exits = new ExitRules
            {
                StopLoss = Bit(6) ? 0.01 + 0.1 * Knobs[4] : double.NaN,
                TrailingStop = Bit(7) ? 0.01 + 0.1 * Knobs[5] : double.NaN,
                TakeProfit = Bit(8) ? 0.01 + 0.2 * Knobs[4] : double.NaN,
                TimeStopBars = Bit(9) ? 1 + (int)(5 * Knobs[5]) : 0,
                AtrStopMultiple = Bit(10) ? 0.5 + 3 * Knobs[4] : double.NaN,
                AtrPeriod = 3,
            },
        };

        /// <summary>A strategy performing the scripted actions; <paramref name="allInOnly"/> restricts it to all-in buys and exits.</summary>
        public Strategy Strategy(bool allInOnly) => new Script(this, allInOnly);

        public sbyte[] Signals() => [.. Actions.Select(a => (sbyte)(a % 4 == 3 ? Signal.Flat : a % 4 - 1))];
    }

    sealed class Script(Scenario scenario, bool allInOnly) : Strategy
    {
        public override void OnBar(StrategyContext c)
        {
            int t = c.Step;
            double u = scenario.Amounts[t], close = c.Data[0].Close[c.BarIndex(0)];
            int action = scenario.Actions[t];
            if (allInOnly)
            {
                switch (action % 4)
                {
                    case 0: c.GoLong(0); break;
                    case 1: c.GoFlat(0); break;
                    case 2: c.Buy(0, OrderSize.AllIn); break;
                    default: if (c.Position(0) > 0) c.Sell(0, OrderSize.WholePosition); break;
                }
                return;
            }
            var shares = OrderSize.Shares(1 + 100 * u);
            switch (action)
            {
                case 5: c.Buy(0, shares); break;
                case 6: c.Sell(0, shares); break;
                case 7: c.Buy(0, shares, OrderType.Limit, limitPrice: close * (1 - 0.05 * u)); break;
                case 8: c.Sell(0, shares, OrderType.Limit, limitPrice: close * (1 + 0.05 * u)); break;
                case 9: c.Buy(0, shares, OrderType.Stop, stopPrice: close * (1 + 0.05 * u)); break;
                case 10: c.Sell(0, shares, OrderType.Stop, stopPrice: close * (1 - 0.05 * u)); break;
                case 11: c.Buy(0, shares, OrderType.StopLimit, limitPrice: close * (1 + 0.06 * u), stopPrice: close * (1 + 0.03 * u)); break;
                case 12: c.GoLong(0); break;
                case 13: c.GoShort(0); break;
                case 14: c.GoFlat(0); break;
                case 15: c.Buy(0, OrderSize.PercentOfEquity(u)); break;
                case 16: c.Sell(0, OrderSize.TargetPercent(2 * u - 1)); break;
                case 17: c.Buy(0, OrderSize.Value(5000 * u)); break;
                case 18: c.Sell(0, OrderSize.AllIn); break;
                case 19: c.Sell(0, OrderSize.WholePosition); break;
                case 20: c.CancelAll(0); break;
            }
        }
    }

    static readonly Gen<Scenario> Scenarios =
        from n in Gen.Int[2, 40]
        from draws in Gen.Double[0, 1].Array[4 * n]
        from actions in Gen.Int[0, 24].Array[n]
        from amounts in Gen.Double[0, 1].Array[n]
        from flags in Gen.Int[0, (1 << 13) - 1]
        from knobs in Gen.Double[0, 1].Array[6]
        select new Scenario(n, draws, actions, amounts, flags, knobs);

    const long Iterations = 1000;

    static BacktestResult RunScenario(Scenario s, bool allowShort = true, bool allInOnly = false) =>
        BacktestEngine.Run(s.Strategy(allInOnly), s.Series(), s.Options(allowShort));

    static IEnumerable<OrderRecord> Fills(BacktestResult r) => r.Orders.Where(o => o.Status == OrderStatus.Filled);

    [Fact]
    public void Equity_is_cash_plus_positions_reconstructed_from_fills_at_every_bar()
    {
        Scenarios.Sample(s =>
        {
            var result = RunScenario(s);
            var bars = s.Series();
            double initial = result.InitialCash;
            for (int t = 0; t < bars.Count; t++)
            {
                double position = 0, cash = initial;
                foreach (var fill in Fills(result).Where(f => f.FillTime <= bars.Time[t]))
                {
                    position += fill.Quantity;
                    cash -= fill.Quantity * fill.FillPrice + fill.Commission;
                }
                AssertClose.Equal(result.Cash[t] + position * bars.Close[t], result.Equity[t], 1e-12);
                AssertClose.Equal(cash, result.Cash[t], 1e-9);
            }
            AssertClose.Equal(Fills(result).Sum(f => f.Quantity), result.FinalPositions["RND"], 1e-9);
        }, iter: Iterations);
    }

    [Fact]
    public void Total_commission_is_non_negative_and_the_sum_of_order_commissions()
    {
        Scenarios.Sample(s =>
        {
            var result = RunScenario(s);
            Assert.True(result.TotalCommission >= 0);
            Assert.All(result.Orders, o => Assert.True(o.Commission >= 0));
            AssertClose.Equal(result.Orders.Sum(o => o.Commission), result.TotalCommission, 1e-9);
            AssertClose.Equal(result.Trades.Sum(t => t.Commission), result.TotalCommission, 1e-9);
        }, iter: Iterations);
    }

    [Fact]
    public void Fills_come_after_submission_except_same_bar_fills_at_close_and_engine_exits()
    {
        Scenarios.Sample(s =>
        {
            var result = RunScenario(s);
            bool atClose = result.Options.Fill == FillTiming.Close;
            foreach (var order in Fills(result))
            {
                bool engineExit = order.Reason is "stop-loss" or "trailing-stop" or "take-profit" or "atr-stop" or "end of data";
                if (engineExit || (atClose && order.Type == OrderType.Market))
                    Assert.Equal(order.SubmittedTime, order.FillTime);
                else
                    Assert.True(order.FillTime > order.SubmittedTime, $"order {order.Id} filled at {order.FillTime} ≤ submitted {order.SubmittedTime}");
            }
            Assert.Equal(Enumerable.Range(1, result.Orders.Count), result.Orders.Select(o => o.Id).Order());
        }, iter: Iterations);
    }

    [Fact]
    public void Cash_never_goes_negative_without_shorting_when_sizing_all_in()
    {
        Scenarios.Sample(s =>
        {
            var result = RunScenario(s with { Flags = s.Flags & ~(3 << 11) }, allowShort: false, allInOnly: true);
            Assert.All(result.Cash, c => Assert.True(c >= 0, $"cash {c}"));
            Assert.All(result.FinalPositions.Values, p => Assert.True(p >= 0));
        }, iter: Iterations);
    }

    [Fact]
    public void Cash_never_goes_negative_without_shorting_for_any_order_script_with_percent_commission()
    {
        // A fixed or minimum fee on a tiny exit can legitimately exceed its proceeds; a percentage fee cannot.
        Scenarios.Sample(s =>
        {
            var result = RunScenario(s with { Flags = s.Flags & ~(1 << 5) }, allowShort: false);
            Assert.All(result.Cash, c => Assert.True(c >= 0, $"cash {c}"));
        }, iter: Iterations);
    }

    [Fact]
    public void Trade_net_pnl_sums_to_final_equity_minus_initial_cash()
    {
        Scenarios.Sample(s =>
        {
            var result = RunScenario(s);
            double pnl = result.Trades.Sum(t => t.NetPnl);
            double expected = result.FinalValue - result.InitialCash;
            Assert.True(Math.Abs(pnl - expected) <= 1e-6, $"Σ net P&L {pnl:R} ≠ final − initial {expected:R}");
            Assert.All(result.Trades, t => Assert.True(t.Mae <= 0 && t.Mfe >= 0));
        }, iter: Iterations);
    }

    [Fact]
    public void Vectorized_path_equals_the_engine_for_random_signal_columns()
    {
        Scenarios.Sample(s =>
        {
            var options = s.Options(allowShort: true) with { Exits = ExitRules.None, CloseAtEnd = false };
            var bars = s.Series();
            var engine = BacktestEngine.Run(new ColumnStrategy(s.Signals()), bars, options);
            var fast = VectorizedBacktest.Run(new ColumnStrategy(s.Signals()), bars, options);
            Assert.Equal(engine.Equity, fast.Equity);
            Assert.Equal(engine.Cash, fast.Cash);
            Assert.Equal(engine.Trades, fast.Trades);
            Assert.Equal(engine.TotalCommission, fast.TotalCommission);
            Assert.Equal(engine.TotalSlippage, fast.TotalSlippage);
        }, iter: Iterations);
    }
}
