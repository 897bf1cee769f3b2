namespace Quarry.Tracking.Search.Internal;

/// <summary>Splits a filter or order_by string into tokens; positions are 0-based character offsets.</summary>
internal static class Tokenizer
{
    public static List<Token> Tokenize(string s, SearchErrors errors)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < s.Length)
        {
            char c = s[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            int start = i;
            TokenKind prev = tokens.Count == 0 ? TokenKind.End : tokens[^1].Kind;
            if (c is '\'' or '"' or '`')
            {
                int close = s.IndexOf(c, i + 1);
                if (close < 0)
                {
                    string name = c == '`' ? "backtick" : c == '"' ? "double quote" : "single quote";
                    throw errors.InvalidClause(start, $"unterminated {name}: the {name} at position {start} is never closed");
                }
                var kind = c == '`' ? TokenKind.Backticked : c == '"' ? TokenKind.DoubleQuoted : TokenKind.SingleQuoted;
                tokens.Add(new Token(kind, s[(i + 1)..close], s[i..(close + 1)], start));
                i = close + 1;
            }
            else if (prev == TokenKind.Dot && IsWordChar(c))
            {
                i = ScanWord(s, i);
                tokens.Add(new Token(TokenKind.Word, s[start..i], s[start..i], start));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                i = ScanWord(s, i);
                tokens.Add(new Token(TokenKind.Word, s[start..i], s[start..i], start));
            }
            else if (StartsNumber(s, i, prev))
            {
                i = ScanNumber(s, i);
                tokens.Add(new Token(TokenKind.Number, s[start..i], s[start..i], start));
            }
            else if (c is '=' or '!' or '<' or '>' or '~')
            {
                while (i < s.Length && s[i] is '=' or '!' or '<' or '>' or '~') i++;
                tokens.Add(new Token(TokenKind.Operator, s[start..i], s[start..i], start));
            }
            else
            {
                var kind = c switch
                {
                    '.' => TokenKind.Dot,
                    '(' => TokenKind.LParen,
                    ')' => TokenKind.RParen,
                    ',' => TokenKind.Comma,
                    ';' => TokenKind.Semicolon,
                    _ => TokenKind.Other,
                };
                tokens.Add(new Token(kind, c.ToString(), c.ToString(), start));
                i++;
            }
        }
        tokens.Add(new Token(TokenKind.End, "", "", s.Length));
        return tokens;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static int ScanWord(string s, int i)
    {
        while (i < s.Length && IsWordChar(s[i])) i++;
        return i;
    }

    private static bool StartsNumber(string s, int i, TokenKind prev)
    {
        char c = s[i];
        if (char.IsAsciiDigit(c)) return true;
        bool afterName = prev is TokenKind.Word or TokenKind.Backticked or TokenKind.DoubleQuoted or TokenKind.SingleQuoted;
        if (c == '.') return !afterName && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1]);
        if (c is '-' or '+')
        {
            int j = i + 1;
            if (j < s.Length && s[j] == '.') j++;
            return j < s.Length && char.IsAsciiDigit(s[j]);
        }
        return false;
    }

    private static int ScanNumber(string s, int i)
    {
        if (s[i] is '-' or '+') i++;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        }
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            int j = i + 1;
            if (j < s.Length && s[j] is '-' or '+') j++;
            if (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                i = j;
                while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            }
        }
        return i;
    }
}
