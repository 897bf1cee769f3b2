namespace Quarry.Backtesting.Orders;

/// <summary>How an order is matched against bars.</summary>
public enum OrderType
{
    /// <summary>Fills at the next bar's open (or this bar's close with <see cref="Engine.FillTiming.Close"/>).</summary>
    Market,
    /// <summary>Buys at or below / sells at or above the limit price; a gap through the limit fills at the open.</summary>
    Limit,
    /// <summary>Becomes a market order when the stop price trades; a gap through the stop fills at the open.</summary>
    Stop,
    /// <summary>Becomes a limit order when the stop price trades.</summary>
    StopLimit,
}
