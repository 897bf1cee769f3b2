namespace Quarry.Data.Internal;

/// <summary>
/// Splits CSV rows and parses their fields, reporting unparseable or empty values with their line and column.
/// Shared by the bar and returns readers so both apply the same parsing rules and messages.
/// </summary>
internal sealed class CsvFieldReader(char delimiter, string? dateFormat, int fieldCount, IssueSink sink)
{
    readonly Range[] _ranges = new Range[fieldCount];

    /// <summary>Splits <paramref name="line"/>; false (reported) when it has the wrong number of fields.</summary>
    public bool Split(ReadOnlySpan<char> line, int lineNumber)
    {
        int count = CsvFields.Count(line, delimiter);
        if (count == _ranges.Length)
        {
            CsvFields.Split(line, delimiter, _ranges);
            return true;
        }
        sink.Report(lineNumber, null, $"the row has {count} fields but the header has {_ranges.Length}",
            $"give every row one value per header column, separated by '{delimiter}'");
        return false;
    }

    /// <summary>Parses the timestamp in column <paramref name="column"/> of the last split line.</summary>
    public DateTime Time(ReadOnlySpan<char> line, int column, string name, int lineNumber)
    {
        var text = Field(line, column);
        if (DateParser.TryParse(text, dateFormat, out var time)) return time;
        var fix = dateFormat is null
            ? "write dates as yyyy-MM-dd or yyyy-MM-dd HH:mm:ss, or set CsvOptions.DateFormat"
            : $"write dates in the format '{dateFormat}' given by CsvOptions.DateFormat";
        ReportBad(text, name, lineNumber, "is not a date", fix);
        return default;
    }

    /// <summary>Parses the number in column <paramref name="column"/> of the last split line; NaN when unparseable.</summary>
    public double Number(ReadOnlySpan<char> line, int column, string name, int lineNumber)
    {
        var text = Field(line, column);
        if (NumberParser.TryParse(text, out var value)) return value;
        ReportBad(text, name, lineNumber, "is not a number",
            "write numbers with '.' as the decimal point and no thousands separators");
        return double.NaN;
    }

    void ReportBad(ReadOnlySpan<char> text, string name, int lineNumber, string problem, string fix)
    {
        if (text.IsEmpty) sink.Report(lineNumber, name, "is empty", "fill in the value or delete the row");
        else sink.Report(lineNumber, name, $"{CsvFields.Quote(text)} {problem}", fix);
    }

    ReadOnlySpan<char> Field(ReadOnlySpan<char> line, int column) => CsvFields.Clean(line[_ranges[column]]);
}
