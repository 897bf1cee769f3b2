using Quarry.Backtesting.Orders;

namespace Quarry.Backtesting.Internal;

/// <summary>An order waiting to be matched. Allocated per order, never per bar.</summary>
internal sealed class WorkingOrder
{
    public int Id;
    public int Symbol;
    public OrderSide Side;
    public OrderType Type;
    public OrderSize Size;
    public double Limit = double.NaN;
    public double Stop = double.NaN;
    public bool Triggered;
    public bool UseSizer;
    public bool FromSignal;
    public DateTime Submitted;
    public int SignalBar;
    public string? Reason;

    public bool Buy => Side == OrderSide.Buy;
}
