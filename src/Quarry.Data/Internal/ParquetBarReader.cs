using Parquet;
using Parquet.Schema;
using Quarry.Core;

namespace Quarry.Data.Internal;

/// <summary>
/// Reads bars from a Parquet file through the same column matching, row rules and ordering as the CSV reader.
/// Locations are 1-based row numbers. Nulls in price or volume columns read as NaN and fail the row rules.
/// </summary>
internal static class ParquetBarReader
{
    const string MappingFix = "name the columns time, open, high, low, close (volume, adj_close optional), " +
        "or map them with CsvOptions (DateColumn, OpenColumn, ...)";

    const string SortFix = "sort the rows by time, or load with CsvOptions { Sort = true }";

    /// <summary>Returns the series, or null when <paramref name="sink"/> received any problem.</summary>
    public static async Task<BarSeries?> ReadAsync(string path, CsvOptions options, IssueSink sink, CancellationToken ct)
    {
        options.Validate();
        SourceText.EnsureExists(path);
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(path, null, ct).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            sink.Report(0, null, $"is not a readable Parquet file: {e.Message.ReplaceLineEndings(" ")}", "write the file with ParquetBars.Write or a Parquet library");
            return null;
        }
        await using (reader.ConfigureAwait(false))
        {
            var fields = reader.Schema.DataFields;
            var layout = ResolveLayout(fields, options, sink);
            if (layout is null) return null;
            var columns = await ReadColumnsAsync(reader, fields, layout, ct).ConfigureAwait(false);
            var buffer = Validate(columns, layout, sink);
            if (buffer.Count == 0 && sink.Count == 0) sink.Report(0, null, "the file has no rows", "write a file with at least one bar");
            var series = buffer.ToSeries(options.Symbol ?? SourceText.NameOf(path), options.Sort,
                layout.Names[BarLayout.Time], SortFix, sink);
            return sink.Count == 0 ? series : null;
        }
    }

    static BarLayout? ResolveLayout(DataField[] fields, CsvOptions options, IssueSink sink)
    {
        var names = fields.Select(f => f.Name).ToArray();
        var layout = BarLayout.Resolve(names, options, string.Join(",", names), 0, sink, MappingFix);
        if (layout is null) return null;
        var time = fields[layout.Index[BarLayout.Time]];
        if (time.ClrType != typeof(DateTime))
            sink.Report(0, time.Name, $"has type {time.ClrType.Name}, not a timestamp", "store the time column as a Parquet timestamp");
        for (int role = BarLayout.Open; role <= BarLayout.AdjClose; role++)
        {
            int i = layout.Index[role];
            if (i >= 0 && !ParquetColumns.IsNumeric(fields[i]))
                sink.Report(0, fields[i].Name, $"has type {fields[i].ClrType.Name}, not a number", "store prices and volume as double");
        }
        return sink.Count == 0 ? layout : null;
    }

    // Values is indexed by BarLayout role: Values[Time] is unused, and absent optional columns are null.
    static async Task<(DateTime?[] Time, double[]?[] Values)> ReadColumnsAsync(ParquetReader reader, DataField[] fields,
        BarLayout layout, CancellationToken ct)
    {
        long total = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            total += group.RowCount;
        }
        var time = new DateTime?[total];
        var values = new double[]?[BarLayout.AdjClose + 1];
        for (int role = BarLayout.Open; role <= BarLayout.AdjClose; role++)
            if (layout.Index[role] >= 0) values[role] = new double[total];
        int offset = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int n = checked((int)group.RowCount);
            await ParquetColumns.ReadTimesAsync(group, fields[layout.Index[BarLayout.Time]], time.AsMemory(offset, n), ct)
                .ConfigureAwait(false);
            for (int role = BarLayout.Open; role <= BarLayout.AdjClose; role++)
                if (values[role] is { } column)
                    await ParquetColumns.ReadNumbersAsync(group, fields[layout.Index[role]], column.AsMemory(offset, n), ct)
                        .ConfigureAwait(false);
            offset += n;
        }
        return (time, values);
    }

    static BarBuffer Validate((DateTime?[] Time, double[]?[] Values) columns, BarLayout layout, IssueSink sink)
    {
        var (time, v) = columns;
        var buffer = new BarBuffer(time.Length, layout.HasAdjClose);
        for (int i = 0; i < time.Length; i++)
        {
            int row = i + 1;
            if (time[i] is not { } t)
            {
                sink.Report(row, layout.Names[BarLayout.Time], "is empty", "fill in the timestamp or delete the row");
                continue;
            }
            var bar = new BarRow
            {
                Time = t, Open = v[BarLayout.Open]![i], High = v[BarLayout.High]![i], Low = v[BarLayout.Low]![i],
                Close = v[BarLayout.Close]![i], Volume = v[BarLayout.Volume]?[i] ?? 0, AdjClose = v[BarLayout.AdjClose]?[i] ?? double.NaN,
            };
            if (BarRules.Check(bar, layout, row, sink)) buffer.Add(bar, row);
        }
        return buffer;
    }
}
