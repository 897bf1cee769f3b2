using Quarry.Backtesting.Results;

namespace Quarry.Cli.Research;

/// <summary>One walk-forward segment's outcome: the best in-sample parameters and how they did in and out of sample.</summary>
internal sealed record WalkForwardSegment(
    WalkForwardWindow Window, IReadOnlyDictionary<string, object> BestParams, PerformanceSummary InSample,
    PerformanceSummary OutOfSample, int OutOfSampleTrades, double OutOfSampleWinRate, DateTime[] OosTime, double[] OosReturns)
{
    /// <summary>Cuts the test window out of a backtest over train + test (the train part is warm-up).</summary>
    public static WalkForwardSegment From(WalkForwardWindow window, IReadOnlyDictionary<string, object> best, BacktestResult inSample,
        BacktestResult span, StrategyObjective objective)
    {
        int start = Array.FindIndex(span.Time, t => t >= window.TestStart);
        if (start < 0) start = span.Time.Length;
        double baseline = start > 0 ? span.Equity[start - 1] : span.InitialCash;
        var time = span.Time[start..];
        var equity = span.Equity[start..];
        var returns = new double[equity.Length];
        double previous = baseline;
        for (int i = 0; i < returns.Length; i++) { returns[i] = equity[i] / previous - 1; previous = equity[i]; }
        int inMarket = 0;
        for (int i = start; i < span.GrossExposure.Length; i++) if (span.GrossExposure[i] > 0) inMarket++;
        var closed = span.Trades.Where(t => t.ExitTime is { } exit && exit >= window.TestStart).ToList();
        var stats = TradeStats.From(closed);
        var oos = PerformanceSummary.Compute(equity, time, baseline, inMarket, stats, 0, 0, objective.PeriodsPerYear);
        return new WalkForwardSegment(window, best, inSample.Summary, oos, stats.Closed,
            stats.Closed > 0 ? (double)stats.Wins / stats.Closed : double.NaN, time, returns);
    }
}
