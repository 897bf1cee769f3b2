using Quarry.Backtesting.Orders;

namespace Quarry.Backtesting.Sizing;

/// <summary>
/// Risks a fixed fraction of equity per trade assuming a stop <c>multiple</c> ATRs away:
/// shares = equity × risk / (multiple × ATR). Sizes 0 while ATR is undefined.
/// </summary>
public sealed class AtrRiskSizer : ISizer
{
    /// <summary>Creates the sizer.</summary>
    /// <param name="risk">Fraction of equity risked per trade, e.g. 0.01.</param>
    /// <param name="multiple">Stop distance in ATRs, e.g. 2.</param>
    /// <param name="period">ATR period (Wilder).</param>
    public AtrRiskSizer(double risk, double multiple = 2, int period = 14)
    {
        if (!(risk > 0 && risk <= 1)) throw new ArgumentOutOfRangeException(nameof(risk), risk, "Risk must be in (0, 1].");
        if (!(multiple > 0)) throw new ArgumentOutOfRangeException(nameof(multiple), multiple, "ATR multiple must be > 0.");
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        Risk = risk;
        Multiple = multiple;
        AtrPeriod = period;
    }

    /// <summary>Fraction of equity risked per trade.</summary>
    public double Risk { get; }

    /// <summary>Stop distance in ATRs.</summary>
    public double Multiple { get; }

    /// <inheritdoc />
    public int AtrPeriod { get; }

    /// <inheritdoc />
    public OrderSize Size(in SizingContext context) =>
        context.Atr > 0 ? OrderSize.Shares(context.Equity * Risk / (Multiple * context.Atr)) : OrderSize.Shares(0);

    /// <inheritdoc />
    public override string ToString() => $"atr-risk:{Risk}:{Multiple}:{AtrPeriod}";
}
