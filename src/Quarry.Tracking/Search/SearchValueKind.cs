namespace Quarry.Tracking.Search;

/// <summary>The kind of literal on the right of a comparison.</summary>
public enum SearchValueKind
{
    /// <summary>An unquoted numeric literal (int, float or scientific notation).</summary>
    Number,
    /// <summary>A single- or double-quoted string literal, quotes stripped.</summary>
    String,
    /// <summary>A parenthesised list of quoted strings (only with IN / NOT IN).</summary>
    List,
}
