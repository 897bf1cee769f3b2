namespace Quarry.Backtesting.Strategies;

/// <summary>
/// Declares a public settable property of a <see cref="Strategy"/> as a tunable parameter with its search range.
/// Supported property types: int, double, bool, string (with <see cref="Choices"/>). The parameter's name is the
/// property name in snake_case (TopN → top_n) unless <see cref="Name"/> is set.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class ParameterAttribute : Attribute
{
    /// <summary>Declares a parameter without a numeric range (bool or choices).</summary>
    public ParameterAttribute() { }

    /// <summary>Declares a numeric parameter with its search range (inclusive).</summary>
    public ParameterAttribute(double min, double max)
    {
        Min = min;
        Max = max;
    }

    /// <summary>Lower bound of the search range.</summary>
    public double Min { get; } = double.NaN;

    /// <summary>Upper bound of the search range.</summary>
    public double Max { get; } = double.NaN;

    /// <summary>Grid step of the search range; 0 = continuous (float) or 1 (int).</summary>
    public double Step { get; set; }

    /// <summary>Whether the range is searched on a log scale.</summary>
    public bool Log { get; set; }

    /// <summary>The allowed values of a string parameter.</summary>
    public string[]? Choices { get; set; }

    /// <summary>Overrides the snake_case name.</summary>
    public string? Name { get; set; }

    /// <summary>One line saying what the parameter does.</summary>
    public string? Description { get; set; }
}
