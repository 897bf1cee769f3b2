using Quarry.Backtesting.Costs;
using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Strategies.BuiltIn;

namespace Quarry.Backtesting.Tests.Engine;

public class BacktestObserverTests
{
    sealed class YearEnds(int stopAfter) : IBacktestObserver
    {
        public List<(DateTime Time, int Bars, double Equity)> Calls { get; } = [];

        public bool OnYearEnd(ReadOnlySpan<DateTime> time, ReadOnlySpan<double> equity)
        {
            Calls.Add((time[^1], time.Length, equity[^1]));
            return Calls.Count < stopAfter;
        }
    }

    static readonly BacktestOptions Reference = new() { InitialCash = 100_000, Commission = new PercentOfValueCommission(0.001) };

    [Fact]
    public void Observer_sees_every_year_end_with_the_equity_so_far()
    {
        var observer = new YearEnds(int.MaxValue);
        var result = BacktestEngine.Run(new SmaCross { Fast = 10, Slow = 30 }, SampleData.Orcl, Reference, null, observer);

        // orcl-1995-2014: 20 calendar years; the last call is the final bar.
        Assert.Equal(20, observer.Calls.Count);
        Assert.Equal(new DateTime(1995, 12, 29), observer.Calls[0].Time);
        Assert.Equal(new DateTime(2014, 12, 31), observer.Calls[^1].Time);
        int firstYearBars = Array.FindLastIndex(result.Time, t => t.Year == 1995) + 1;
        Assert.Equal(firstYearBars, observer.Calls[0].Bars);
        Assert.Equal(result.Equity[firstYearBars - 1], observer.Calls[0].Equity);
        Assert.Equal(5036, result.Time.Length);
    }

    [Fact]
    public void Returning_false_stops_the_backtest_at_that_year_end()
    {
        var full = BacktestEngine.Run(new SmaCross { Fast = 10, Slow = 30 }, SampleData.Orcl, Reference);
        var observer = new YearEnds(stopAfter: 3);
        var stopped = BacktestEngine.Run(new SmaCross { Fast = 10, Slow = 30 }, SampleData.Orcl, Reference, null, observer);

        Assert.Equal(3, observer.Calls.Count);
        Assert.Equal(new DateTime(1997, 12, 31), stopped.Time[^1]);
        Assert.Equal(stopped.Time.Length, stopped.Equity.Length);
        // Up to the stop, the run is the full run.
        Assert.Equal(full.Equity.AsSpan(0, stopped.Equity.Length).ToArray(), stopped.Equity);
        Assert.All(stopped.Trades, t => Assert.True(t.EntryTime <= stopped.Time[^1]));
    }
}
