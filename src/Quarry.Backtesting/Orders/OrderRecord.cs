namespace Quarry.Backtesting.Orders;

/// <summary>An order as it ended up: what was asked and what happened.</summary>
/// <param name="Id">Sequential id, from 1.</param>
/// <param name="Symbol">Symbol traded.</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Type">Market, limit, stop or stop-limit.</param>
/// <param name="Size">Requested size.</param>
/// <param name="LimitPrice">Limit price, NaN when none.</param>
/// <param name="StopPrice">Stop price, NaN when none.</param>
/// <param name="SubmittedTime">Time of the bar at whose close the order was submitted.</param>
/// <param name="Status">Final status.</param>
/// <param name="FillTime">Time of the fill bar, null unless filled.</param>
/// <param name="FillPrice">Average fill price including slippage and spread, NaN unless filled.</param>
/// <param name="Quantity">Signed shares filled (negative = sold), 0 unless filled.</param>
/// <param name="Commission">Commission charged.</param>
/// <param name="Reason">Why it was rejected, or what generated it (e.g. "stop-loss").</param>
/// <param name="Slippage">Cost of slippage and half-spread of the fill: |fill price − raw price| × |quantity|; 0 unless filled.</param>
public sealed record OrderRecord(
    int Id, string Symbol, OrderSide Side, OrderType Type, OrderSize Size, double LimitPrice, double StopPrice,
    DateTime SubmittedTime, OrderStatus Status, DateTime? FillTime, double FillPrice, double Quantity,
    double Commission, string? Reason, double Slippage = 0);
