using Quarry.Backtesting.Costs;
using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Orders;
using Quarry.Backtesting.Results;
using Quarry.Backtesting.Strategies;
using Quarry.Core;

namespace Quarry.Backtesting.Tests.Strategies.BuiltIn;

/// <summary>
/// No built-in strategy (nor the engine around it) uses the future: for several cut points t, every bar after t is
/// replaced (scaled or re-randomised, OHLC kept valid) and the run must be identical up to t — the orders
/// submitted at or before t, their fills at or before t, and the equity and cash curves.
/// A third perturbation keeps the open of the bar after t: market orders filled at that open must not change either.
/// </summary>
public class LookAheadTests
{
    static readonly string[] Multi = ["orcl-1995-2014.txt", "nvda-1999-2014.txt", "yhoo-1996-2014.txt"];

    public static TheoryData<string, string> Cases() => new()
    {
        { "sma-cross", "fast=5,slow=20" },
        { "ema-cross", "fast=5,slow=20" },
        { "rsi-reversion", "period=5,lower=30,upper=70" },
        { "bollinger-reversion", "period=10,width=1.5" },
        { "momentum", "lookback=20" },
        { "donchian-breakout", "entry=10,exit=5" },
        { "buy-and-hold", "" },
        { "top-n-momentum", "lookback=20,top_n=2" },
    };

    [Fact]
    public void Every_built_in_strategy_is_covered()
    {
        var covered = Cases().Select(row => (string)row[0]).Order();
        Assert.Equal(new StrategyCatalog().BuiltIns.Select(b => b.Name).Order(), covered);
    }

    public static TheoryData<string> OptionSets() => ["next-open", "close-with-exits"];

    static BacktestOptions OptionsFor(string set) => set switch
    {
        "next-open" => new BacktestOptions { Commission = new PercentOfValueCommission(0.001), AllowShort = true },
        _ => new BacktestOptions
        {
            Commission = new PercentOfValueCommission(0.001), AllowShort = true, Fill = FillTiming.Close, SlippageBps = 5,
            Exits = new ExitRules { StopLoss = 0.08, TrailingStop = 0.15, TakeProfit = 0.3, TimeStopBars = 40, AtrStopMultiple = 4 },
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Strategy_run_up_to_t_does_not_depend_on_bars_after_t_with_next_open_fills(string name, string parameters) =>
        Check(name, parameters, "next-open");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Strategy_run_up_to_t_does_not_depend_on_bars_after_t_with_close_fills_and_exits(string name, string parameters) =>
        Check(name, parameters, "close-with-exits");

    static void Check(string name, string parameters, string optionSet)
    {
        var data = name == "top-n-momentum" ? Multi.Select(SampleData.Load).ToArray() : [SampleData.Orcl];
        var options = OptionsFor(optionSet);
        var baseline = RunStrategy(name, parameters, data, options);
        int n = baseline.Time.Length;
        Assert.True(baseline.Orders.Count(o => o.Status == OrderStatus.Filled) >= (name == "buy-and-hold" ? 1 : 20),
            $"{name} should trade: {baseline.Orders.Count} orders");

        var random = new Random(12345);
        int[] cuts = [n / 10, n / 3, n / 2, 2 * n / 3, 9 * n / 10, random.Next(50, n - 2), random.Next(50, n - 2)];
        foreach (int t in cuts)
        {
            var cut = baseline.Time[t];
            Assert.True(baseline.Orders.Any(o => o.SubmittedTime <= cut), $"{name}: no order before the cut {cut:d}");
            foreach (var mode in new[] { Perturbation.Scale, Perturbation.Randomize, Perturbation.KeepNextOpen })
            {
                var changed = data.Select(d => Perturb(d, cut, mode, random.Next())).ToArray();
                var rerun = RunStrategy(name, parameters, changed, options);
                string where = $"{name} ({optionSet}) cut {t} ({cut:d}) {mode}";
                AssertSameUpTo(baseline, rerun, t, where);
                if (mode == Perturbation.KeepNextOpen && options.Fill == FillTiming.NextOpen && t + 1 < n)
                    AssertSameMarketFillsAt(baseline, rerun, baseline.Time[t + 1], where);
            }
        }
    }

    static BacktestResult RunStrategy(string name, string parameters, BarSeries[] data, BacktestOptions options)
    {
        var pairs = parameters.Length == 0
            ? []
            : parameters.Split(',').Select(p => p.Split('=')).Select(kv => new KeyValuePair<string, string>(kv[0], kv[1]));
        return BacktestEngine.Run(new StrategyCatalog().Create(name, pairs), data, options);
    }

    static void AssertSameUpTo(BacktestResult expected, BacktestResult actual, int t, string where)
    {
        var cut = expected.Time[t];
        var before = expected.Orders.Where(o => o.SubmittedTime <= cut).OrderBy(o => o.Id).ToList();
        var after = actual.Orders.Where(o => o.SubmittedTime <= cut).OrderBy(o => o.Id).ToList();
        Assert.True(before.Count == after.Count, $"{where}: {before.Count} orders submitted up to the cut, then {after.Count}");
        for (int k = 0; k < before.Count; k++)
        {
            var (e, a) = (before[k], after[k]);
            Assert.True((e.Id, e.Symbol, e.Side, e.Type, e.Size, e.SubmittedTime) == (a.Id, a.Symbol, a.Side, a.Type, a.Size, a.SubmittedTime)
                && e.LimitPrice.Equals(a.LimitPrice) && e.StopPrice.Equals(a.StopPrice), $"{where}: order {e} became {a}");
            if (e.FillTime <= cut)
                Assert.True(e == a, $"{where}: fill {e} became {a}");
        }
        for (int k = 0; k <= t; k++)
        {
            Assert.True(expected.Equity[k] == actual.Equity[k], $"{where}: equity at {expected.Time[k]:d} {expected.Equity[k]:R} became {actual.Equity[k]:R}");
            Assert.True(expected.Cash[k] == actual.Cash[k], $"{where}: cash at {expected.Time[k]:d} changed");
        }
    }

    /// <summary>Market orders filled at <paramref name="time"/>'s open used only what was known at that open.</summary>
    static void AssertSameMarketFillsAt(BacktestResult expected, BacktestResult actual, DateTime time, string where)
    {
        static IEnumerable<OrderRecord> At(BacktestResult r, DateTime time) =>
            r.Orders.Where(o => o.Status == OrderStatus.Filled && o.FillTime == time && o.Type == OrderType.Market).OrderBy(o => o.Id);
        var e = At(expected, time).ToList();
        var a = At(actual, time).ToList();
        Assert.True(e.SequenceEqual(a), $"{where}: market fills at the next open {time:d} changed: [{string.Join("; ", e)}] became [{string.Join("; ", a)}]");
    }

    enum Perturbation { Scale, Randomize, KeepNextOpen }

    /// <summary>A copy of <paramref name="series"/> whose bars after <paramref name="cut"/> are changed, OHLC kept valid.</summary>
    static BarSeries Perturb(BarSeries series, DateTime cut, Perturbation mode, int seed)
    {
        var random = new Random(seed);
        double[] open = [.. series.Open], high = [.. series.High], low = [.. series.Low], close = [.. series.Close];
        int first = Array.FindIndex(series.Time, time => time > cut);
        if (first < 0) return series;
        double previous = first > 0 ? close[first - 1] : close[first];
        for (int i = first; i < series.Count; i++)
        {
            if (mode == Perturbation.Scale)
            {
                double f = 0.5 + random.NextDouble();
                open[i] *= f; high[i] *= f; low[i] *= f; close[i] *= f;
                continue;
            }
            if (!(mode == Perturbation.KeepNextOpen && i == first))
                open[i] = previous * (1 + 0.1 * (random.NextDouble() - 0.5));
            close[i] = open[i] * (1 + 0.2 * (random.NextDouble() - 0.5));
            high[i] = Math.Max(open[i], close[i]) * (1 + 0.05 * random.NextDouble());
            low[i] = Math.Min(open[i], close[i]) * (1 - 0.05 * random.NextDouble());
            previous = close[i];
        }
        return Bars.WithPrices(series, open, high, low, close);
    }
}
