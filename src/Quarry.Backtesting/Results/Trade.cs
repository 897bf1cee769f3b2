namespace Quarry.Backtesting.Results;

/// <summary>
/// A round trip: from a flat position to a non-zero one and back. Prices are volume-weighted averages of the
/// entry and exit fills and include slippage and spread. A trade still open at the end has no exit; its P&amp;L
/// is marked to the last close.
/// </summary>
/// <param name="Symbol">Symbol traded.</param>
/// <param name="Direction">Long or short.</param>
/// <param name="EntryTime">Time of the first entry fill.</param>
/// <param name="EntryPrice">Average entry price.</param>
/// <param name="ExitTime">Time of the last exit fill; null while open.</param>
/// <param name="ExitPrice">Average exit price; null while open.</param>
/// <param name="Size">Largest absolute position held during the trade, in shares.</param>
/// <param name="GrossPnl">P&amp;L before commissions.</param>
/// <param name="Commission">Commissions of every fill of the trade.</param>
/// <param name="NetPnl">GrossPnl − Commission.</param>
/// <param name="ReturnPct">NetPnl / (EntryPrice × Size), a fraction.</param>
/// <param name="BarsHeld">Bars from the entry fill to the exit fill (to the last bar while open).</param>
/// <param name="Mae">Maximum adverse excursion: worst intrabar move against the entry, a fraction of EntryPrice (≤ 0).</param>
/// <param name="Mfe">Maximum favourable excursion: best intrabar move in favour, a fraction of EntryPrice (≥ 0).</param>
public sealed record Trade(
    string Symbol, TradeDirection Direction, DateTime EntryTime, double EntryPrice, DateTime? ExitTime, double? ExitPrice,
    double Size, double GrossPnl, double Commission, double NetPnl, double ReturnPct, int BarsHeld, double Mae, double Mfe)
{
    /// <summary>Whether the trade was still open when the data ended.</summary>
    public bool IsOpen => ExitTime is null;
}
