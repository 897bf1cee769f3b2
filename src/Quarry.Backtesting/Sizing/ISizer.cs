using Quarry.Backtesting.Orders;

namespace Quarry.Backtesting.Sizing;

/// <summary>
/// Decides how large a new position is when an entry order fills. Implementations must be pure and thread-safe:
/// one instance is shared by every backtest of a sweep. The engine rounds the result down to whole shares
/// (unless fractional shares are on) and never spends more cash than is available.
/// </summary>
public interface ISizer
{
    /// <summary>The size of the entry.</summary>
    OrderSize Size(in SizingContext context);

    /// <summary>ATR period the sizer needs in <see cref="SizingContext.Atr"/>, or 0 when it needs none.</summary>
    int AtrPeriod => 0;
}
