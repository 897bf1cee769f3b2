namespace Quarry.Tracking.Search;

/// <summary>
/// The literal on the right of a comparison. <see cref="Text"/> is the literal as written (quotes stripped), as in
/// MLflow's normalized form; <see cref="Number"/> is its parsed value for numeric literals (NaN otherwise);
/// <see cref="Items"/> holds the strings of a list (empty otherwise). Immutable.
/// </summary>
/// <param name="Kind">What kind of literal this is.</param>
/// <param name="Text">The literal text without quotes; for a list, the items joined by ", ".</param>
/// <param name="Number">The value of a numeric literal (invariant culture); NaN for strings and lists.</param>
/// <param name="Items">The items of a list; empty for scalars.</param>
public sealed record SearchValue(SearchValueKind Kind, string Text, double Number, IReadOnlyList<string> Items)
{
    /// <summary>Creates a numeric literal from its text and parsed value.</summary>
    public static SearchValue OfNumber(string text, double value) => new(SearchValueKind.Number, text, value, []);

    /// <summary>Creates a string literal (quotes already stripped).</summary>
    public static SearchValue OfString(string text) => new(SearchValueKind.String, text, double.NaN, []);

    /// <summary>Creates a list literal of strings.</summary>
    public static SearchValue OfList(IReadOnlyList<string> items) =>
        new(SearchValueKind.List, string.Join(", ", items), double.NaN, items);
}
