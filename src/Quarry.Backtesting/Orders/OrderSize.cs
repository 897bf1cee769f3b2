namespace Quarry.Backtesting.Orders;

/// <summary>
/// How much an order trades, resolved into shares at fill time against the fill price, cash and equity.
/// Amounts are shares, currency, or fractions (0.5 = 50 %).
/// </summary>
/// <param name="Kind">The unit.</param>
/// <param name="Amount">Shares, currency or a fraction, depending on <paramref name="Kind"/>.</param>
public readonly record struct OrderSize(SizeKind Kind, double Amount)
{
    /// <summary>A fixed number of shares.</summary>
    public static OrderSize Shares(double shares) => new(SizeKind.Shares, shares);

    /// <summary>Shares worth <paramref name="value"/> at the fill price.</summary>
    public static OrderSize Value(double value) => new(SizeKind.Value, value);

    /// <summary>Shares worth a fraction of equity at the fill price.</summary>
    public static OrderSize PercentOfEquity(double fraction) => new(SizeKind.PercentOfEquity, fraction);

    /// <summary>Trade to a position worth a fraction of equity (negative = short).</summary>
    public static OrderSize TargetPercent(double fraction) => new(SizeKind.TargetPercent, fraction);

    /// <summary>All available cash (buy) or the whole position (sell).</summary>
    public static OrderSize AllIn => new(SizeKind.AllIn, 0);

    /// <summary>The whole current position.</summary>
    public static OrderSize WholePosition => new(SizeKind.WholePosition, 0);
}
