namespace Quarry.Backtesting.Costs;

/// <summary>The sum of several commission models (e.g. a per-share fee plus a fixed ticket charge).</summary>
public sealed class CompositeCommission : ICommissionModel
{
    readonly ICommissionModel[] _parts;

    /// <summary>Creates the sum of <paramref name="parts"/>.</summary>
    public CompositeCommission(params ICommissionModel[] parts) => _parts = parts;

    /// <inheritdoc />
    public double Commission(in CommissionContext fill)
    {
        double total = 0;
        foreach (var part in _parts) total += part.Commission(fill);
        return total;
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(" + ", _parts.Select(p => p.ToString()));
}
