namespace Quarry.Backtesting.Strategies;

/// <summary>The value type of a strategy parameter.</summary>
public enum ParameterKind
{
    /// <summary>Whole number.</summary>
    Int,
    /// <summary>Real number.</summary>
    Float,
    /// <summary>true / false.</summary>
    Bool,
    /// <summary>One of a fixed set of strings.</summary>
    Categorical,
}
