namespace Quarry.Backtesting.Engine;

/// <summary>
/// Watches a backtest at checkpoints and may stop it early, e.g. so that an optimizer's pruner can abandon a
/// hopeless trial. Called on the engine's thread; must not keep the spans.
/// </summary>
public interface IBacktestObserver
{
    /// <summary>
    /// Called after the last bar of each calendar year and after the final bar, with the equity curve so far.
    /// Return false to stop the backtest here; the result then ends at this bar and says it stopped early.
    /// </summary>
    bool OnYearEnd(ReadOnlySpan<DateTime> time, ReadOnlySpan<double> equity);
}
