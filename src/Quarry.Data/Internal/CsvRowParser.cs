namespace Quarry.Data.Internal;

/// <summary>Parses one data line of a CSV bar file into a <see cref="BarRow"/>, reporting every problem it finds.</summary>
internal sealed class CsvRowParser(BarLayout layout, CsvOptions options, int fieldCount, IssueSink sink)
{
    readonly Range[] _ranges = new Range[fieldCount];
    readonly char _delimiter = options.Delimiter;
    readonly string? _dateFormat = options.DateFormat;

    /// <summary>Returns true with the row when it parsed and passed <see cref="BarRules"/>.</summary>
    public bool TryParse(ReadOnlySpan<char> line, int lineNumber, out BarRow row)
    {
        row = default;
        int count = CsvFields.Count(line, _delimiter);
        if (count != _ranges.Length)
        {
            sink.Report(lineNumber, null, $"the row has {count} fields but the header has {_ranges.Length}",
                $"give every row one value per header column, separated by '{_delimiter}'");
            return false;
        }
        CsvFields.Split(line, _delimiter, _ranges);
        int before = sink.Count;
        row.Time = Time(line, lineNumber);
        row.Open = Number(line, BarLayout.Open, lineNumber);
        row.High = Number(line, BarLayout.High, lineNumber);
        row.Low = Number(line, BarLayout.Low, lineNumber);
        row.Close = Number(line, BarLayout.Close, lineNumber);
        row.Volume = layout.HasVolume ? Number(line, BarLayout.Volume, lineNumber) : 0;
        row.AdjClose = layout.HasAdjClose ? Number(line, BarLayout.AdjClose, lineNumber) : double.NaN;
        return sink.Count == before && BarRules.Check(row, layout, lineNumber, sink);
    }

    DateTime Time(ReadOnlySpan<char> line, int lineNumber)
    {
        var text = Field(line, BarLayout.Time);
        if (DateParser.TryParse(text, _dateFormat, out var time)) return time;
        var fix = _dateFormat is null
            ? "write dates as yyyy-MM-dd or yyyy-MM-dd HH:mm:ss, or set CsvOptions.DateFormat"
            : $"write dates in the format '{_dateFormat}' given by CsvOptions.DateFormat";
        ReportBad(text, BarLayout.Time, lineNumber, "is not a date", fix);
        return default;
    }

    double Number(ReadOnlySpan<char> line, int field, int lineNumber)
    {
        var text = Field(line, field);
        if (NumberParser.TryParse(text, out var value)) return value;
        ReportBad(text, field, lineNumber, "is not a number",
            "write numbers with '.' as the decimal point and no thousands separators");
        return double.NaN;
    }

    void ReportBad(ReadOnlySpan<char> text, int field, int lineNumber, string problem, string fix)
    {
        if (text.IsEmpty) sink.Report(lineNumber, layout.Names[field], "is empty", "fill in the value or delete the row");
        else sink.Report(lineNumber, layout.Names[field], $"{CsvFields.Quote(text)} {problem}", fix);
    }

    ReadOnlySpan<char> Field(ReadOnlySpan<char> line, int field) => CsvFields.Clean(line[_ranges[layout.Index[field]]]);
}
