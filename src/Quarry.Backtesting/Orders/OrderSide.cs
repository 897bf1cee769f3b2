namespace Quarry.Backtesting.Orders;

/// <summary>Direction of an order.</summary>
public enum OrderSide
{
    /// <summary>Buy (open or add to a long, or cover a short).</summary>
    Buy,
    /// <summary>Sell (reduce or close a long, or open a short).</summary>
    Sell,
}
