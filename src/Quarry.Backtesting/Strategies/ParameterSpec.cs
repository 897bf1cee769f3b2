using System.Globalization;

namespace Quarry.Backtesting.Strategies;

/// <summary>A strategy parameter as the optimizer and the CLI see it: name, type, default and search range.</summary>
/// <param name="Name">snake_case name used on the command line (-p name=value) and in tracking.</param>
/// <param name="Kind">Value type.</param>
/// <param name="Default">The value a new instance has.</param>
/// <param name="Min">Lower bound of the search range, NaN when none.</param>
/// <param name="Max">Upper bound of the search range, NaN when none.</param>
/// <param name="Step">Grid step, 0 when continuous.</param>
/// <param name="Log">Whether the range is log-scaled.</param>
/// <param name="Choices">Allowed values of a categorical parameter (also "true"/"false" for bool).</param>
/// <param name="Description">What the parameter does.</param>
public sealed record ParameterSpec(
    string Name, ParameterKind Kind, object Default, double Min, double Max, double Step, bool Log,
    IReadOnlyList<string> Choices, string? Description)
{
    /// <summary>The search range in a short form: "5..50 step 5", "1e-3..1 log", "a|b|c".</summary>
    public string RangeText => Kind switch
    {
        ParameterKind.Bool => "true|false",
        ParameterKind.Categorical => string.Join('|', Choices),
        _ when double.IsNaN(Min) => "",
        _ => string.Create(CultureInfo.InvariantCulture,
            $"{Min:G6}..{Max:G6}{(Step > 0 ? $" step {Step:G6}" : "")}{(Log ? " log" : "")}"),
    };

    /// <summary>The default value formatted for the command line.</summary>
    public string DefaultText => Default switch
    {
        double d => d.ToString("G10", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(Default, CultureInfo.InvariantCulture) ?? "",
    };
}
