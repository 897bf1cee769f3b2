namespace Quarry.Benchmarks.Figures;

/// <summary>Collects figure rows in sections and prints them as an aligned plain-text table.</summary>
internal sealed class FigureTable
{
    static readonly string[] Header = ["Figure", "Median", "Best", "Per unit", "Allocated", "Target", ""];
    readonly List<(string Section, List<FigureRow> Rows)> _sections = [];

    /// <summary>Starts a new section; rows added next belong to it.</summary>
    public void Section(string title) => _sections.Add((title, []));

    /// <summary>Adds a row to the current section.</summary>
    public void Add(FigureRow row) => _sections[^1].Rows.Add(row);

    /// <summary>Writes the table.</summary>
    public void Write(TextWriter output)
    {
        var all = _sections.SelectMany(s => s.Rows).Select(Cells).Prepend(Header).ToList();
        var widths = Enumerable.Range(0, Header.Length).Select(c => all.Max(r => r[c].Length)).ToArray();
        string rule = new('─', widths.Sum() + 2 * (widths.Length - 1));
        output.WriteLine(Line(Header, widths));
        foreach (var (title, rows) in _sections)
        {
            output.WriteLine(rule);
            output.WriteLine(title);
            foreach (var row in rows) output.WriteLine(Line(Cells(row), widths));
        }
        output.WriteLine(rule);
    }

    static string[] Cells(FigureRow row) =>
        ["  " + row.Name, row.Value, row.Best, row.PerUnit, row.Allocated, row.Target, row.Met switch { true => "✓", false => "✗", null => "" }];

    static string Line(string[] cells, int[] widths)
    {
        var parts = new string[cells.Length];
        for (int c = 0; c < cells.Length; c++)
            parts[c] = c is 0 ? cells[c].PadRight(widths[c]) : cells[c].PadLeft(widths[c]);
        return string.Join("  ", parts).TrimEnd();
    }
}
