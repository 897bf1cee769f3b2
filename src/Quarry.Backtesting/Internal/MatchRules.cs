using Quarry.Backtesting.Orders;

namespace Quarry.Backtesting.Internal;

/// <summary>
/// Where an order trades within a bar, before slippage. A gap through a limit or stop fills at the open;
/// otherwise at the order's price if the bar's range reaches it. Returns NaN when the order does not fill.
/// </summary>
internal static class MatchRules
{
    public static double Price(WorkingOrder order, double open, double high, double low)
    {
        switch (order.Type)
        {
            case OrderType.Market:
                return open;
            case OrderType.Limit:
                return LimitPrice(order.Buy, order.Limit, open, high, low);
            case OrderType.Stop:
                return StopPrice(order.Buy, order.Stop, open, high, low);
            default:
                if (!order.Triggered)
                {
                    double trigger = StopPrice(order.Buy, order.Stop, open, high, low);
                    if (double.IsNaN(trigger)) return double.NaN;
                    order.Triggered = true;
                    // After triggering the order is a limit order; from the trigger price onwards the bar can still reach the limit.
                    return LimitPrice(order.Buy, order.Limit, trigger, high, low);
                }
                return LimitPrice(order.Buy, order.Limit, open, high, low);
        }
    }

    /// <summary>Whether fills of this order pay slippage and half the spread (market and stop fills do; limit fills do not).</summary>
    public static bool PaysSlippage(WorkingOrder order) => order.Type is OrderType.Market or OrderType.Stop;

    static double LimitPrice(bool buy, double limit, double open, double high, double low) => buy
        ? (open <= limit ? open : low <= limit ? limit : double.NaN)
        : (open >= limit ? open : high >= limit ? limit : double.NaN);

    static double StopPrice(bool buy, double stop, double open, double high, double low) => buy
        ? (open >= stop ? open : high >= stop ? stop : double.NaN)
        : (open <= stop ? open : low <= stop ? stop : double.NaN);
}
