namespace Quarry.Backtesting.Costs;

/// <summary>A fee per share with a minimum per order (Interactive Brokers' fixed tier style).</summary>
public sealed class PerShareCommission : ICommissionModel
{
    /// <summary>Creates the model.</summary>
    /// <param name="perShare">Currency per share, ≥ 0.</param>
    /// <param name="minimum">Minimum per fill, ≥ 0.</param>
    public PerShareCommission(double perShare, double minimum = 0)
    {
        if (!(perShare >= 0)) throw new ArgumentOutOfRangeException(nameof(perShare), perShare, "Per-share commission must be ≥ 0.");
        if (!(minimum >= 0)) throw new ArgumentOutOfRangeException(nameof(minimum), minimum, "Minimum commission must be ≥ 0.");
        PerShare = perShare;
        Minimum = minimum;
    }

    /// <summary>Currency per share.</summary>
    public double PerShare { get; }

    /// <summary>Minimum per fill.</summary>
    public double Minimum { get; }

    /// <inheritdoc />
    public double Commission(in CommissionContext fill) => Math.Max(fill.Quantity * PerShare, Minimum);

    /// <inheritdoc />
    public override string ToString() => $"{PerShare} per share (min {Minimum})";
}
