namespace Quarry.Backtesting.Orders;

/// <summary>The unit of an <see cref="OrderSize"/>.</summary>
public enum SizeKind
{
    /// <summary>A number of shares.</summary>
    Shares,
    /// <summary>A cash value; shares = value / fill price.</summary>
    Value,
    /// <summary>A fraction of current equity; shares = fraction × equity / fill price.</summary>
    PercentOfEquity,
    /// <summary>Trade towards a position worth this fraction of equity (negative for short); the side follows from the difference.</summary>
    TargetPercent,
    /// <summary>As many shares as the available cash buys including costs (buy), or the whole position (sell).</summary>
    AllIn,
    /// <summary>The whole current position, whatever its sign.</summary>
    WholePosition,
}
