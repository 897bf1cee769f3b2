using Quarry.Core;

namespace Quarry.Backtesting.Sizing;

/// <summary>What a sizer sees when an entry order fills. Prices are per share in account currency.</summary>
/// <param name="Series">The symbol's bars.</param>
/// <param name="SignalBar">Index in <paramref name="Series"/> of the bar whose close produced the order; the sizer must not read later bars.</param>
/// <param name="FillPrice">Fill price including slippage and spread.</param>
/// <param name="Cash">Cash available.</param>
/// <param name="Equity">Equity marked at the signal bar's close.</param>
/// <param name="Atr">Wilder ATR at the signal bar for the sizer's <see cref="ISizer.AtrPeriod"/>, NaN when not requested or not yet defined.</param>
/// <param name="ClosedTrades">Closed trades so far in this backtest (all symbols).</param>
/// <param name="Wins">Winning closed trades so far (net P&amp;L &gt; 0).</param>
/// <param name="AverageWin">Average net P&amp;L of winners, 0 when none.</param>
/// <param name="AverageLoss">Average absolute net P&amp;L of losers, 0 when none.</param>
public readonly record struct SizingContext(
    BarSeries Series, int SignalBar, double FillPrice, double Cash, double Equity, double Atr,
    int ClosedTrades, int Wins, double AverageWin, double AverageLoss);
