using Quarry.Backtesting.Results;

namespace Quarry.Backtesting.Sweeps;

/// <summary>One cell of a sweep: its parameters and the backtest's summary.</summary>
/// <param name="Index">Position in the grid.</param>
/// <param name="Parameters">Name → value text.</param>
/// <param name="Summary">Headline metrics, identical to what a single backtest with these parameters reports.</param>
public sealed record SweepCell(long Index, IReadOnlyList<KeyValuePair<string, string>> Parameters, PerformanceSummary Summary);
