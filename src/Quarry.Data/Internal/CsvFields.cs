namespace Quarry.Data.Internal;

/// <summary>Splits delimited lines into fields. Quotes around a field are removed; quoted delimiters are not supported.</summary>
internal static class CsvFields
{
    public static int Count(ReadOnlySpan<char> line, char delimiter) => line.Count(delimiter) + 1;

    /// <summary>Fills <paramref name="ranges"/> (length = field count) with the field ranges of <paramref name="line"/>.</summary>
    public static void Split(ReadOnlySpan<char> line, char delimiter, Span<Range> ranges) => line.Split(ranges, delimiter);

    /// <summary>The field without surrounding white space and double quotes.</summary>
    public static ReadOnlySpan<char> Clean(ReadOnlySpan<char> field)
    {
        field = field.Trim();
        if (field.Length >= 2 && field[0] == '"' && field[^1] == '"') field = field[1..^1].Trim();
        return field;
    }

    /// <summary>The cleaned header names of <paramref name="line"/>.</summary>
    public static string[] Header(ReadOnlySpan<char> line, char delimiter)
    {
        var ranges = new Range[Count(line, delimiter)];
        Split(line, delimiter, ranges);
        var names = new string[ranges.Length];
        for (int i = 0; i < ranges.Length; i++) names[i] = Clean(line[ranges[i]]).ToString();
        return names;
    }

    /// <summary>A field value for an error message: quoted, shortened when long.</summary>
    public static string Quote(ReadOnlySpan<char> value) =>
        value.Length <= 40 ? $"'{value}'" : $"'{value[..37]}...'";
}
