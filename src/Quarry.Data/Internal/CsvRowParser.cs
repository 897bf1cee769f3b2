namespace Quarry.Data.Internal;

/// <summary>Parses one data line of a CSV bar file into a <see cref="BarRow"/>, reporting every problem it finds.</summary>
internal sealed class CsvRowParser(BarLayout layout, CsvOptions options, int fieldCount, IssueSink sink)
{
    readonly CsvFieldReader _fields = new(options.Delimiter, options.DateFormat, fieldCount, sink);

    /// <summary>Returns true with the row when it parsed and passed <see cref="BarRules"/>.</summary>
    public bool TryParse(ReadOnlySpan<char> line, int lineNumber, out BarRow row)
    {
        row = default;
        if (!_fields.Split(line, lineNumber)) return false;
        int before = sink.Count;
        row.Time = _fields.Time(line, layout.Index[BarLayout.Time], layout.Names[BarLayout.Time], lineNumber);
        row.Open = Number(line, BarLayout.Open, lineNumber);
        row.High = Number(line, BarLayout.High, lineNumber);
        row.Low = Number(line, BarLayout.Low, lineNumber);
        row.Close = Number(line, BarLayout.Close, lineNumber);
        row.Volume = layout.HasVolume ? Number(line, BarLayout.Volume, lineNumber) : 0;
        row.AdjClose = layout.HasAdjClose ? Number(line, BarLayout.AdjClose, lineNumber) : double.NaN;
        return sink.Count == before && BarRules.Check(row, layout, lineNumber, sink);
    }

    double Number(ReadOnlySpan<char> line, int field, int lineNumber) =>
        _fields.Number(line, layout.Index[field], layout.Names[field], lineNumber);
}
