using Quarry.Backtesting.Orders;

namespace Quarry.Backtesting.Sizing;

/// <summary>Always the same number of shares.</summary>
/// <param name="shares">Shares per entry, &gt; 0.</param>
public sealed class FixedSharesSizer(double shares) : ISizer
{
    /// <summary>Shares per entry.</summary>
    public double Shares { get; } = shares > 0 ? shares : throw new ArgumentOutOfRangeException(nameof(shares), shares, "Shares must be > 0.");

    /// <inheritdoc />
    public OrderSize Size(in SizingContext context) => OrderSize.Shares(Shares);

    /// <inheritdoc />
    public override string ToString() => $"shares:{Shares}";
}
