namespace Quarry.Backtesting.Orders;

/// <summary>Final or current state of an order.</summary>
public enum OrderStatus
{
    /// <summary>Waiting to be matched.</summary>
    Working,
    /// <summary>Executed.</summary>
    Filled,
    /// <summary>Cancelled by the strategy or replaced.</summary>
    Cancelled,
    /// <summary>Refused: nothing to trade, not enough cash, or shorting not allowed.</summary>
    Rejected,
    /// <summary>Still working when the data ended.</summary>
    Expired,
}
