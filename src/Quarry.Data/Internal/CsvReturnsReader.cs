using System.Globalization;
using Quarry.Core;

namespace Quarry.Data.Internal;

/// <summary>Reads a two-column CSV of timestamps and simple returns (fractions) with the same parsing and ordering rules as bars.</summary>
internal static class CsvReturnsReader
{
    const string MappingFix = "name the columns 'date' and 'return'";
    const string SortFix = "sort the rows by time";

    /// <summary>Returns the series, or null when <paramref name="sink"/> received any problem.</summary>
    public static TimeSeries? Read(string path, IssueSink sink)
    {
        var text = SourceText.ReadAll(path);
        var lines = new LineReader(text);
        if (!lines.MoveNext())
        {
            sink.Report(0, null, "the file is empty", "write a header line 'date,return' and data rows");
            return null;
        }
        var header = CsvFields.Header(lines.Current, ',');
        var columns = ResolveColumns(header, lines.Current.ToString(), sink);
        if (columns is null) return null;
        var (timeName, valueName) = (ColumnResolver.DisplayName(header, columns[0], "date"), header[columns[1]]);

        int capacity = text.AsSpan().Count('\n');
        var time = new List<DateTime>(capacity);
        var values = new List<double>(capacity);
        var lineNumbers = new List<int>(capacity);
        var fields = new CsvFieldReader(',', null, header.Length, sink);
        while (lines.MoveNext())
        {
            var line = lines.Current;
            int n = lines.LineNumber, before = sink.Count;
            if (!fields.Split(line, n)) continue;
            var t = fields.Time(line, columns[0], timeName, n);
            var r = fields.Number(line, columns[1], valueName, n);
            if (sink.Count > before || !CheckReturn(r, valueName, n, sink)) continue;
            time.Add(t);
            values.Add(r);
            lineNumbers.Add(n);
        }
        if (time.Count == 0 && sink.Count == 0) sink.Report(0, null, "the file has a header but no data rows", "add data rows below the header");
        return Build(SourceText.NameOf(path), time, values, lineNumbers, timeName, sink);
    }

    // The value column is found by name, or is simply the other column of a two-column file.
    static int[]? ResolveColumns(string[] header, string headerText, IssueSink sink)
    {
        ColumnSpec[] specs =
        [
            new("date", ColumnAliases.Time, null, true),
            new("return", ColumnAliases.Return, null, header.Length != 2),
        ];
        var index = ColumnResolver.Resolve(header, specs, headerText, 1, sink, MappingFix);
        if (index is not null && index[1] < 0) index[1] = 1 - index[0];
        return index;
    }

    static bool CheckReturn(double r, string field, int line, IssueSink sink)
    {
        if (double.IsNaN(r)) sink.Report(line, field, "return is NaN", "fill in the return or delete the row");
        else if (!double.IsFinite(r) || r <= -1)
            sink.Report(line, field, $"return {r.ToString("R", CultureInfo.InvariantCulture)} is not a finite number above -1 " +
                "(-1 would be a total loss)", "write simple returns as fractions (0.01 = 1%) and check the value");
        else return true;
        return false;
    }

    static TimeSeries? Build(string name, List<DateTime> time, List<double> values, List<int> lines, string timeName,
        IssueSink sink)
    {
        var t = time.ToArray();
        var v = values.ToArray();
        var order = TimeOrder.Resolve(t, lines.ToArray(), sort: false, timeName, SortFix, sink);
        if (sink.Count > 0) return null;
        if (order is not null)
        {
            t = [.. order.Select(i => t[i])];
            v = [.. order.Select(i => v[i])];
        }
        return new TimeSeries(name, t, v);
    }
}
