namespace Quarry.Data.Internal;

/// <summary>Finds columns in a header by explicit name or alias, case-insensitively; shared by CSV and Parquet readers.</summary>
internal static class ColumnResolver
{
    /// <summary>
    /// Returns the column index of each spec (-1 when an optional column is absent),
    /// or null after reporting one issue that lists every missing required column.
    /// </summary>
    public static int[]? Resolve(IReadOnlyList<string> header, IReadOnlyList<ColumnSpec> specs, string headerText,
        int line, IssueSink sink, string fix)
    {
        var index = new int[specs.Count];
        List<string>? missing = null;
        for (int i = 0; i < specs.Count; i++)
        {
            index[i] = Find(header, specs[i]);
            if (index[i] < 0 && (specs[i].Required || specs[i].Explicit is not null))
                (missing ??= []).Add(specs[i].Explicit is null ? $"'{specs[i].Label}'" : $"'{specs[i].Explicit}'");
        }
        if (missing is null) return index;
        sink.Report(line, null,
            $"missing column {string.Join(", ", missing)}; the header is {CsvFields.Quote(headerText.AsSpan())}, and " +
            $"the columns needed are {Describe(specs)}", fix);
        return null;
    }

    /// <summary>The name to use in messages: the header's name, or the role label when the header name is empty.</summary>
    public static string DisplayName(IReadOnlyList<string> header, int index, string label) =>
        index >= 0 && header[index].Length > 0 ? header[index] : label;

    static int Find(IReadOnlyList<string> header, ColumnSpec spec)
    {
        if (spec.Explicit is not null) return IndexOf(header, spec.Explicit.Trim());
        foreach (var alias in spec.Aliases)
        {
            int i = IndexOf(header, alias);
            if (i >= 0) return i;
        }
        return -1;
    }

    static int IndexOf(IReadOnlyList<string> header, string name)
    {
        for (int i = 0; i < header.Count; i++)
            if (string.Equals(header[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    static string Describe(IReadOnlyList<ColumnSpec> specs)
    {
        var required = specs.Where(s => s.Required || s.Explicit is not null).Select(s => s.Explicit is null ? s.Label : $"'{s.Explicit}'");
        var optional = specs.Where(s => !s.Required && s.Explicit is null).Select(s => s.Label).ToList();
        var text = string.Join(", ", required);
        return optional.Count == 0 ? text : $"{text} (optional: {string.Join(", ", optional)})";
    }
}
