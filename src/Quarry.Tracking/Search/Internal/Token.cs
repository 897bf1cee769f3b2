namespace Quarry.Tracking.Search.Internal;

/// <summary>A token: <paramref name="Text"/> is the content (quotes stripped), <paramref name="Raw"/> the source slice.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, string Raw, int Position)
{
    public bool IsQuotedName => Kind is TokenKind.Backticked or TokenKind.DoubleQuoted;

    public bool IsName => Kind is TokenKind.Word or TokenKind.Backticked or TokenKind.DoubleQuoted;

    public bool IsKeyword(string word) =>
        Kind == TokenKind.Word && string.Equals(Text, word, StringComparison.OrdinalIgnoreCase);

    public string Describe() => Kind == TokenKind.End ? "end of input" : $"'{Raw}'";
}
