namespace Quarry.Backtesting.Costs;

/// <summary>A fixed fee per fill.</summary>
public sealed class FixedCommission : ICommissionModel
{
    /// <summary>Creates the model.</summary>
    /// <param name="amount">Currency per fill, ≥ 0.</param>
    public FixedCommission(double amount)
    {
        if (!(amount >= 0)) throw new ArgumentOutOfRangeException(nameof(amount), amount, "Fixed commission must be ≥ 0.");
        Amount = amount;
    }

    /// <summary>Currency per fill.</summary>
    public double Amount { get; }

    /// <inheritdoc />
    public double Commission(in CommissionContext fill) => Amount;

    /// <inheritdoc />
    public override string ToString() => $"{Amount} per fill";
}
