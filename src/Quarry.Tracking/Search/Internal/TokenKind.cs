namespace Quarry.Tracking.Search.Internal;

internal enum TokenKind
{
    Word,
    Number,
    SingleQuoted,
    DoubleQuoted,
    Backticked,
    Dot,
    Operator,
    LParen,
    RParen,
    Comma,
    Semicolon,
    Other,
    End,
}
