namespace Quarry.Data.Internal;

/// <summary>
/// Walks the lines of a text without allocating: accepts \n and \r\n endings and a missing final newline,
/// skips blank lines, and tracks the 1-based line number of <see cref="Current"/>.
/// </summary>
internal ref struct LineReader(ReadOnlySpan<char> text)
{
    readonly ReadOnlySpan<char> _text = text;
    int _position;
    int _nextLine = 1;

    public ReadOnlySpan<char> Current { get; private set; }

    public int LineNumber { get; private set; }

    public bool MoveNext()
    {
        while (_position < _text.Length)
        {
            var rest = _text[_position..];
            int end = rest.IndexOf('\n');
            var line = end < 0 ? rest : rest[..end];
            _position += end < 0 ? rest.Length : end + 1;
            LineNumber = _nextLine++;
            if (line.EndsWith('\r')) line = line[..^1];
            if (line.IsWhiteSpace()) continue;
            Current = line;
            return true;
        }
        return false;
    }
}
