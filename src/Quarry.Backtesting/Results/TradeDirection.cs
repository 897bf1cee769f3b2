namespace Quarry.Backtesting.Results;

/// <summary>Long or short.</summary>
public enum TradeDirection
{
    /// <summary>Bought first.</summary>
    Long,
    /// <summary>Sold short first.</summary>
    Short,
}
