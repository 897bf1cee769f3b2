using Quarry.Core;

namespace Quarry.Data.Internal;

/// <summary>Reads a CSV file of bars; the one parsing and validation path behind both the strict loader and the checker.</summary>
internal static class CsvBarReader
{
    const string SortFix = "sort the rows by time, or load with CsvOptions { Sort = true }";

    static string MappingFix(string[] header, CsvOptions options)
    {
        // A single header field holding another separator means the delimiter is wrong, not the names.
        int i = header.Length == 1 ? header[0].IndexOfAny([';', '\t', '|', ',']) : -1;
        if (i >= 0)
        {
            var found = header[0][i] == '\t' ? "\\t" : header[0][i].ToString();
            return $"the header looks separated by '{found}', not '{options.Delimiter}': set CsvOptions.Delimiter";
        }
        return "rename the header's columns (the date column may also be called datetime, timestamp or time), " +
            "or map them with CsvOptions (DateColumn, OpenColumn, HighColumn, LowColumn, CloseColumn)";
    }

    /// <summary>Returns the series, or null when <paramref name="sink"/> received any problem.</summary>
    public static BarSeries? Read(string path, CsvOptions options, IssueSink sink)
    {
        options.Validate();
        var text = SourceText.ReadAll(path);
        var lines = new LineReader(text);
        if (!lines.MoveNext())
        {
            sink.Report(0, null, "the file is empty", "write a header line (e.g. Date,Open,High,Low,Close,Volume) and data rows");
            return null;
        }
        var header = CsvFields.Header(lines.Current, options.Delimiter);
        var layout = BarLayout.Resolve(header, options, lines.Current.ToString(), lines.LineNumber, sink, MappingFix(header, options));
        if (layout is null) return null;

        var buffer = new BarBuffer(text.AsSpan().Count('\n'), layout.HasAdjClose);
        var parser = new CsvRowParser(layout, options, header.Length, sink);
        while (lines.MoveNext())
            if (parser.TryParse(lines.Current, lines.LineNumber, out var row)) buffer.Add(row, lines.LineNumber);

        if (buffer.Count == 0 && sink.Count == 0)
            sink.Report(0, null, "the file has a header but no data rows", "add data rows below the header");
        var symbol = options.Symbol ?? SourceText.NameOf(path);
        var series = buffer.ToSeries(symbol, options.Sort, layout.Names[BarLayout.Time], SortFix, sink);
        return sink.Count == 0 ? series : null;
    }
}
