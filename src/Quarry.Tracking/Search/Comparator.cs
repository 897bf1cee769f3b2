namespace Quarry.Tracking.Search;

/// <summary>A comparison operator of MLflow's search filter grammar.</summary>
public enum Comparator
{
    /// <summary><c>=</c></summary>
    Equal,
    /// <summary><c>!=</c></summary>
    NotEqual,
    /// <summary><c>&gt;</c></summary>
    Greater,
    /// <summary><c>&gt;=</c></summary>
    GreaterOrEqual,
    /// <summary><c>&lt;</c></summary>
    Less,
    /// <summary><c>&lt;=</c></summary>
    LessOrEqual,
    /// <summary><c>LIKE</c>: case-sensitive pattern, <c>%</c> = any run of characters, <c>_</c> = exactly one.</summary>
    Like,
    /// <summary><c>ILIKE</c>: like <see cref="Like"/> but case-insensitive.</summary>
    ILike,
    /// <summary><c>IN (...)</c>: equal to one of the listed strings.</summary>
    In,
    /// <summary><c>NOT IN (...)</c>: equal to none of the listed strings.</summary>
    NotIn,
}
