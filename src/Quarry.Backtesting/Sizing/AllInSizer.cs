using Quarry.Backtesting.Orders;

namespace Quarry.Backtesting.Sizing;

/// <summary>Spends all available cash: size = the largest quantity whose value plus commission fits in cash.</summary>
public sealed class AllInSizer : ISizer
{
    /// <summary>The shared instance.</summary>
    public static AllInSizer Instance { get; } = new();

    /// <inheritdoc />
    public OrderSize Size(in SizingContext context) => OrderSize.AllIn;

    /// <inheritdoc />
    public override string ToString() => "all-in";
}
