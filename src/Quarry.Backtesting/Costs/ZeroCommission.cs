namespace Quarry.Backtesting.Costs;

/// <summary>No commission.</summary>
public sealed class ZeroCommission : ICommissionModel
{
    /// <summary>The shared instance.</summary>
    public static ZeroCommission Instance { get; } = new();

    /// <inheritdoc />
    public double Commission(in CommissionContext fill) => 0;

    /// <inheritdoc />
    public override string ToString() => "none";
}
