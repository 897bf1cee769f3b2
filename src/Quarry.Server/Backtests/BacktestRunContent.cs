using Quarry.Analytics.Tearsheets;
using Quarry.Backtesting.Results;
using Quarry.Tracking;

namespace Quarry.Server.Backtests;

/// <summary>What a finished backtest logs to its tracked run (see <see cref="BacktestRunLog"/>).</summary>
/// <param name="Result">The backtest.</param>
/// <param name="Sheet">Its tearsheet model (metrics and trade metrics are logged from it).</param>
public sealed record BacktestRunContent(BacktestResult Result, Tearsheet Sheet)
{
    /// <summary>The backtest's settings (data, cash, costs, …), logged as params after the strategy's own.</summary>
    public IReadOnlyList<Param> Options { get; init; } = [];

    /// <summary>Descriptive tags (symbols, strategy, where the run came from).</summary>
    public IReadOnlyList<RunTag> Tags { get; init; } = [];

    /// <summary>The rendered HTML tearsheet, logged as <c>tearsheet.html</c>; null logs none.</summary>
    public string? TearsheetHtml { get; init; }
}
