using System.Text;

namespace Quarry.Tracking.Search.Index;

/// <summary>
/// Where the SQL stores answer a string comparison differently from the in-memory evaluator (see
/// <see cref="SqlSearchCompiler"/>'s remarks), so the index hands such searches to SQL instead of answering differently:
/// ILIKE on non-ASCII text (SQLite folds ASCII only, PostgreSQL follows its locale) and LIKE on text with surrogate
/// pairs (SQL's <c>_</c> matches a code point, the evaluator a UTF-16 unit).
/// </summary>
internal static class SqlParity
{
    /// <summary>Whether the literal of a comparison is one both evaluators read alike.</summary>
    public static bool Agrees(Comparison c) => c.Op switch
    {
        Comparator.ILike => Ascii.IsValid(c.Value.Text),
        _ => true,
    };

    /// <summary>Whether comparing <paramref name="value"/> with <paramref name="op"/> gives the same answer in SQL and in memory.</summary>
    public static bool Agrees(string value, Comparator op) => op switch
    {
        Comparator.ILike => Ascii.IsValid(value),
        Comparator.Like => !HasSurrogate(value),
        _ => true,
    };

    static bool HasSurrogate(string value)
    {
        foreach (char ch in value)
        {
            if (char.IsSurrogate(ch)) return true;
        }
        return false;
    }

    /// <summary>
    /// Code-point order, as SQLite's BINARY collation and PostgreSQL's <c>COLLATE "C"</c> order UTF-8 text (ordinal
    /// UTF-16 order differs only where surrogate pairs meet characters U+E000–U+FFFF).
    /// </summary>
    public static int CompareCodePoints(string a, string b)
    {
        int i = a.AsSpan().CommonPrefixLength(b);
        if (i == a.Length || i == b.Length) return a.Length.CompareTo(b.Length);
        return Fix(a[i]).CompareTo(Fix(b[i]));
    }

    static int Fix(char c) => c < 0xD800 ? c : c >= 0xE000 ? c - 0x800 : c + 0x2000;
}
