using Quarry.Backtesting.Internal;
using Quarry.Backtesting.Results;
using Quarry.Backtesting.Strategies;
using Quarry.Core;

namespace Quarry.Backtesting.Engine;

/// <summary>
/// The event-driven engine: walks the timeline bar by bar, fills working orders against each new bar (in
/// submission order across symbols, before any position is marked at the new close), applies protective exits,
/// then lets the strategy act at the bar's close. Stateless and thread-safe; every
/// call is an independent backtest.
/// </summary>
public static class BacktestEngine
{
    /// <summary>Runs <paramref name="strategy"/> over <paramref name="data"/> (one or more symbols sharing one cash account).</summary>
    /// <param name="strategy">A strategy instance with its parameters set; used by this run only.</param>
    /// <param name="data">One series per symbol; symbols must be distinct.</param>
    /// <param name="options">Costs, sizing, fills, exits.</param>
    /// <param name="indicators">A cache to share indicator columns across runs, or null for a private one.</param>
    /// <param name="observer">Called at every year end; may stop the run early (the result then ends there).</param>
    /// <exception cref="QuarryException">Invalid options, empty data or duplicate symbols.</exception>
    public static BacktestResult Run(Strategy strategy, IReadOnlyList<BarSeries> data, BacktestOptions options,
        IndicatorCache? indicators = null, IBacktestObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        options.Validate();
        if (data.Count == 0 || data.All(d => d.Count == 0))
            throw new QuarryException(ErrorCode.InvalidParameter, "No bars to backtest: the data is empty (check --data and --start/--end).");
        var duplicate = data.GroupBy(d => d.Symbol, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new QuarryException(ErrorCode.InvalidParameter, $"Symbol '{duplicate.Key}' appears twice in the data; give each series a distinct symbol.");
        return new Simulation(strategy, data, options, indicators ?? new IndicatorCache(), observer).Run();
    }

    /// <summary>Runs a single-symbol backtest.</summary>
    public static BacktestResult Run(Strategy strategy, BarSeries data, BacktestOptions options, IndicatorCache? indicators = null,
        IBacktestObserver? observer = null) =>
        Run(strategy, [data], options, indicators, observer);
}
