namespace Quarry.Backtesting.Costs;

/// <summary>What a commission model sees of one fill.</summary>
/// <param name="Symbol">Symbol traded.</param>
/// <param name="Quantity">Absolute number of shares (may be fractional), &gt; 0.</param>
/// <param name="Price">Fill price per share.</param>
public readonly record struct CommissionContext(string Symbol, double Quantity, double Price)
{
    /// <summary>Traded value, quantity × price.</summary>
    public double Value => Quantity * Price;
}
