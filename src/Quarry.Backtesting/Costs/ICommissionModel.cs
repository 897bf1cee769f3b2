namespace Quarry.Backtesting.Costs;

/// <summary>
/// Computes the commission of one fill. Implementations must be pure, thread-safe, allocation-free and
/// non-decreasing in quantity (sizing relies on it to find the largest affordable order).
/// </summary>
public interface ICommissionModel
{
    /// <summary>Commission in account currency, ≥ 0.</summary>
    double Commission(in CommissionContext fill);
}
