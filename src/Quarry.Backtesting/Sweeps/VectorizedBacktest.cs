using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Internal;
using Quarry.Backtesting.Orders;
using Quarry.Backtesting.Results;
using Quarry.Backtesting.Strategies;
using Quarry.Core;

namespace Quarry.Backtesting.Sweeps;

/// <summary>
/// The fast path for <see cref="SignalStrategy"/> on one symbol: simulates the signal column directly with the
/// engine's own fill, sizing and accounting rules (no order objects, no virtual calls per bar). It gives the same
/// trades and equity as <see cref="BacktestEngine"/> — a test proves it — but keeps no order log.
/// Protective exit rules are not supported here; callers fall back to the engine when they are set.
/// </summary>
public static class VectorizedBacktest
{
    /// <summary>Whether the vectorised path can run these options.</summary>
    public static bool Supports(BacktestOptions options) => !options.Exits.Any && !options.CloseAtEnd;

    /// <summary>Runs the strategy and returns a full result (without orders).</summary>
    /// <exception cref="QuarryException">Options the vectorised path does not support.</exception>
    public static BacktestResult Run(SignalStrategy strategy, BarSeries series, BacktestOptions options, IndicatorCache? indicators = null)
    {
        options.Validate();
        if (!Supports(options))
            throw new QuarryException(ErrorCode.InvalidParameter, "The vectorised path does not support exit rules or close-at-end; use BacktestEngine.");
        var signals = new sbyte[series.Count];
        strategy.ComputeSignals(series, indicators ??= new IndicatorCache(), signals);
        var ledger = new Ledger([series.Symbol], options.InitialCash, keepTrades: true);
        double[] equity = new double[series.Count], exposure = new double[series.Count];
        var sizerAtr = options.Sizer.AtrPeriod > 0 ? indicators.Atr(series, options.Sizer.AtrPeriod) : null;
        var cash = new double[series.Count];
        Simulate(series, signals, options, ledger, equity, cash, exposure, sizerAtr);
        var trades = new List<Trade>(ledger.Closed);
        if (series.Count > 0 && ledger.OpenTradeMarked(0, series.Count - 1, series.Close[^1]) is { } open) trades.Add(open);
        return new BacktestResult(strategy.Name, StrategyParameters.Values(strategy), options, [series.Symbol], series.Time,
            equity, cash, exposure, trades, [], new Dictionary<string, double> { [series.Symbol] = ledger.Position(0) },
            ledger.TotalCommission, ledger.TotalSlippage);
    }

    /// <summary>
    /// Runs the strategy and summarises it, writing the equity curve into a caller-owned buffer so that a sweep
    /// allocates nothing per bar and stays flat in memory however many cells it runs.
    /// </summary>
    internal static PerformanceSummary Summarize(SignalStrategy strategy, BarSeries series, BacktestOptions options,
        IndicatorCache indicators, sbyte[] signals, double[] equity)
    {
        strategy.ComputeSignals(series, indicators, signals);
        var ledger = new Ledger([series.Symbol], options.InitialCash, keepTrades: false);
        var sizerAtr = options.Sizer.AtrPeriod > 0 ? indicators.Atr(series, options.Sizer.AtrPeriod) : null;
        int inMarket = Simulate(series, signals, options, ledger, equity, default, default, sizerAtr);
        int open = ledger.HasOpenTrade(0) ? 1 : 0;
        return PerformanceSummary.Compute(equity.AsSpan(0, series.Count), series.Time, options.InitialCash, inMarket,
            ledger.Stats(open), ledger.TotalCommission, ledger.TotalSlippage, options.PeriodsPerYear);
    }

    /// <summary>The bar loop. Mirrors <c>Simulation.Go</c> for one symbol whose orders always meet the next bar.</summary>
    static int Simulate(BarSeries series, ReadOnlySpan<sbyte> signals, BacktestOptions options, Ledger ledger,
        Span<double> equity, Span<double> cash, Span<double> exposure, double[]? sizerAtr)
    {
        var mark = new double[1];
        double[] open = series.Open, high = series.High, low = series.Low, close = series.Close;
        bool atClose = options.Fill == FillTiming.Close;
        int pending = int.MinValue, pendingBar = -1, inMarket = 0, n = series.Count;
        for (int i = 0; i < n; i++)
        {
            if (pending != int.MinValue)
            {
                Go(series, options, ledger, mark, sizerAtr, pending, open[i], i, pendingBar);
                pending = int.MinValue;
            }
            ledger.Excursions(0, high[i], low[i]);
            mark[0] = close[i];
            int target = signals[i] switch
            {
                Signal.Long => 1,
                Signal.Short => options.AllowShort ? -1 : 0,
                Signal.Flat => 0,
                _ => int.MinValue,
            };
            if (target != int.MinValue && Math.Sign(ledger.Position(0)) != target)
            {
                if (atClose) Go(series, options, ledger, mark, sizerAtr, target, close[i], i, i);
                else if (i + 1 < n) { pending = target; pendingBar = i; }
            }
            double position = ledger.Position(0), value = ledger.Cash + position * close[i];
            equity[i] = value;
            if (position != 0) inMarket++;
            // As Simulation.Mark: a position held with equity ≤ 0 is infinite exposure, not none.
            if (!exposure.IsEmpty) exposure[i] = value > 0 ? Math.Abs(position * close[i]) / value : (position != 0 ? double.PositiveInfinity : 0);
            if (!cash.IsEmpty) cash[i] = ledger.Cash;
        }
        return inMarket;
    }

    /// <summary>Mirrors <c>Simulation.Go</c>: close the current position if needed, then enter with the sizer.</summary>
    static void Go(BarSeries series, BacktestOptions options, Ledger ledger, double[] mark, double[]? sizerAtr,
        int target, double raw, int bar, int signalBar)
    {
        double position = ledger.Position(0);
        int current = Math.Sign(position);
        if (current != 0)
            Execution.Fill(ledger, mark, options, 0, series, bar, OrderSize.WholePosition, current < 0, raw, true, signalBar, double.NaN);
        if (target == 0) return;
        bool buy = target > 0;
        double atr = sizerAtr is null ? double.NaN : sizerAtr[signalBar];
        var size = options.Sizer.Size(Execution.Sizing(ledger, series, signalBar, raw, buy, ledger.Equity(mark), atr, options));
        Execution.Fill(ledger, mark, options, 0, series, bar, size, buy, raw, true, signalBar, double.NaN);
    }
}
