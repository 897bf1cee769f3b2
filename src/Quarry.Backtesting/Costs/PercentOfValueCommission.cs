namespace Quarry.Backtesting.Costs;

/// <summary>A fraction of traded value, e.g. 0.001 = 0.1 % (backtrader's percentage commission).</summary>
public sealed class PercentOfValueCommission : ICommissionModel
{
    /// <summary>Creates the model.</summary>
    /// <param name="rate">Fraction of traded value, ≥ 0.</param>
    public PercentOfValueCommission(double rate)
    {
        if (!(rate >= 0)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "Commission rate must be ≥ 0.");
        Rate = rate;
    }

    /// <summary>Fraction of traded value.</summary>
    public double Rate { get; }

    /// <inheritdoc />
    public double Commission(in CommissionContext fill) => fill.Quantity * fill.Price * Rate;

    /// <inheritdoc />
    public override string ToString() => $"{Rate:P3} of value";
}
