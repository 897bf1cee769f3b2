using System.Text;

namespace Quarry.Storage;

/// <summary>
/// Splits a SQL script into statements at the semicolons that end them, skipping those inside quotes, comments and
/// PostgreSQL dollar-quoted bodies. Scripts run one statement per command: a multi-statement command would make
/// Npgsql's synchronous API switch its pooled socket to non-blocking mode, after which every call on it spins.
/// </summary>
static class SqlScript
{
    public static List<string> Split(string script)
    {
        var statements = new List<string>();
        var current = new StringBuilder();
        int i = 0;
        while (i < script.Length)
        {
            char c = script[i];
            int end = c switch
            {
                '\'' or '"' => Skip(script, i + 1, c.ToString()),
                '-' when At(script, i, "--") => Skip(script, i + 2, "\n"),
                '/' when At(script, i, "/*") => Skip(script, i + 2, "*/"),
                '$' when DollarTag(script, i) is { } tag => Skip(script, i + tag.Length, tag),
                _ => i + 1,
            };
            if (c == ';')
            {
                Add(statements, current);
                i++;
                continue;
            }
            current.Append(script, i, end - i);
            i = end;
        }
        Add(statements, current);
        return statements;
    }

    static void Add(List<string> statements, StringBuilder current)
    {
        string text = current.ToString().Trim();
        if (text.Length > 0) statements.Add(text);
        current.Clear();
    }

    static bool At(string s, int i, string token) => string.CompareOrdinal(s, i, token, 0, token.Length) == 0;

    /// <summary>Index just past the next <paramref name="close"/> at or after <paramref name="from"/> (or the end).</summary>
    static int Skip(string s, int from, string close)
    {
        int at = s.IndexOf(close, from, StringComparison.Ordinal);
        return at < 0 ? s.Length : at + close.Length;
    }

    /// <summary>A dollar-quote opener at <paramref name="i"/> ($$ or $tag$), or null.</summary>
    static string? DollarTag(string s, int i)
    {
        int j = i + 1;
        while (j < s.Length && (char.IsLetterOrDigit(s[j]) || s[j] == '_')) j++;
        if (j >= s.Length || s[j] != '$') return null;
        if (j > i + 1 && char.IsDigit(s[i + 1])) return null; // $1 is a parameter, not a tag
        return s[i..(j + 1)];
    }
}
