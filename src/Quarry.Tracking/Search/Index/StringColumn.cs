using Quarry.Tracking.Search.Internal;

namespace Quarry.Tracking.Search.Index;

/// <summary>
/// A string field of every run of an index: one code per run into a dictionary of the distinct values (-1 = missing),
/// so a clause is evaluated once per distinct value. Values no run holds any more stay in the dictionary until the
/// index is rebuilt. Not thread-safe (the owning index's lock guards it).
/// </summary>
internal sealed class StringColumn
{
    readonly List<string> _values = [];
    readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);

    public StringColumn(int capacity)
    {
        Codes = new int[capacity];
        Array.Fill(Codes, -1);
    }

    /// <summary>The code of each row's value, -1 when the row has none; at least as long as the index's row count.</summary>
    public int[] Codes { get; private set; }

    public int DistinctCount => _values.Count;

    public string? ValueAt(int row) => Codes[row] is int code and >= 0 ? _values[code] : null;

    public string Value(int code) => _values[code];

    public void Set(int row, string? value) => Codes[row] = value is null ? -1 : CodeOf(value);

    public void Grow(int capacity)
    {
        int old = Codes.Length;
        var codes = Codes;
        Array.Resize(ref codes, capacity);
        Array.Fill(codes, -1, old, capacity - old);
        Codes = codes;
    }

    /// <summary>
    /// Whether each distinct value satisfies <paramref name="c"/> (indexed by code), with the in-memory evaluator's
    /// semantics; null when a value is one on which SQL answers differently (<see cref="SqlParity"/>).
    /// </summary>
    public bool[]? Match(Comparison c)
    {
        var match = new bool[_values.Count];
        for (int code = 0; code < match.Length; code++)
        {
            string value = _values[code];
            if (!SqlParity.Agrees(value, c.Op)) return null;
            match[code] = ComparisonEvaluator.CompareString(value, c);
        }
        return match;
    }

    int CodeOf(string value)
    {
        if (!_codes.TryGetValue(value, out int code))
        {
            code = _values.Count;
            _values.Add(value);
            _codes.Add(value, code);
        }
        return code;
    }
}
