using System.Text;

namespace Quarry.Tracking.Search.Internal;

/// <summary>Translates MLflow LIKE patterns (<c>%</c>, <c>_</c>, no escape character) into engine patterns.</summary>
internal static class SqlLikePatterns
{
    /// <summary>
    /// A SQLite GLOB pattern (case-sensitive) equivalent to the LIKE pattern: <c>%</c> → <c>*</c>, <c>_</c> → <c>?</c>,
    /// and the GLOB metacharacters <c>*</c>, <c>?</c>, <c>[</c> as one-character classes. With
    /// <paramref name="asciiUpper"/>, ASCII letters are upper-cased (to pair with SQLite's ASCII-only <c>upper()</c>).
    /// </summary>
    public static string ToGlob(string like, bool asciiUpper)
    {
        var sb = new StringBuilder(like.Length + 8);
        foreach (char ch in like)
        {
            switch (ch)
            {
                case '%': sb.Append('*'); break;
                case '_': sb.Append('?'); break;
                case '*': sb.Append("[*]"); break;
                case '?': sb.Append("[?]"); break;
                case '[': sb.Append("[[]"); break;
                default: sb.Append(asciiUpper ? AsciiUpper(ch) : ch); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>A PostgreSQL LIKE pattern for <c>ESCAPE '\'</c>: the only change is that a backslash is doubled (MLflow patterns have no escape character).</summary>
    public static string ToPostgres(string like) => like.Replace("\\", "\\\\", StringComparison.Ordinal);

    /// <summary>Upper-cases ASCII a–z only, as SQLite's built-in <c>upper()</c> does.</summary>
    public static char AsciiUpper(char ch) => ch is >= 'a' and <= 'z' ? (char)(ch - 32) : ch;
}
