using Quarry.Backtesting.Orders;

namespace Quarry.Backtesting.Sizing;

/// <summary>A position worth a fixed fraction of equity (0.5 = half of equity).</summary>
/// <param name="fraction">Fraction of equity, &gt; 0.</param>
public sealed class FixedFractionSizer(double fraction) : ISizer
{
    /// <summary>Fraction of equity per entry.</summary>
    public double Fraction { get; } = fraction > 0 ? fraction : throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "Fraction must be > 0.");

    /// <inheritdoc />
    public OrderSize Size(in SizingContext context) => OrderSize.PercentOfEquity(Fraction);

    /// <inheritdoc />
    public override string ToString() => $"fraction:{Fraction}";
}
