using System.Globalization;
using Parquet;
using Parquet.Schema;
using Quarry.Cli.Output;

namespace Quarry.Cli.Tracking;

/// <summary>Writes a <see cref="RunsFrame"/> as CSV or Parquet, atomically (a temporary sibling renamed into place).</summary>
internal static class RunsExportWriter
{
    const int RowGroupSize = 50_000;

    public static void Csv(RunsFrame frame, string path) => FileOutput.Text(path, w =>
    {
        var header = RunsFrame.InfoColumns.Concat(frame.ParamKeys.Select(k => "params." + k))
            .Concat(frame.MetricKeys.Select(k => "metrics." + k)).Concat(frame.TagKeys.Select(k => "tags." + k));
        w.WriteLine(string.Join(',', header.Select(Quote)));
        for (int row = 0; row < frame.Runs.Count; row++)
        {
            int r = row;
            var cells = RunsFrame.InfoColumns.Select(c => frame.Info(r, c))
                .Concat(frame.ParamKeys.Select(k => frame.Param(r, k)))
                .Concat(frame.MetricKeys.Select(k => frame.Metric(r, k) is { } v ? Number(v) : null))
                .Concat(frame.TagKeys.Select(k => frame.Tag(r, k)));
            w.WriteLine(string.Join(',', cells.Select(c => Quote(c ?? ""))));
        }
    });

    /// <summary>
    /// Parquet with typed columns: info and params and tags as strings, start/end times as UTC timestamps
    /// (milliseconds), metrics as doubles; every column nullable.
    /// </summary>
    public static void Parquet(RunsFrame frame, string path) => FileOutput.Atomically(path, stream =>
        WriteParquetAsync(frame, stream).GetAwaiter().GetResult());

    static async Task WriteParquetAsync(RunsFrame frame, Stream stream)
    {
        var infoFields = RunsFrame.InfoColumns.Select(c => c is "start_time" or "end_time"
            ? (DataField)new DateTimeDataField(c, DateTimeFormat.Timestamp, isAdjustedToUTC: true, DateTimeTimeUnit.Millis, isNullable: true)
            : new DataField<string>(c, nullable: true)).ToList();
        var paramFields = frame.ParamKeys.Select(k => new DataField<string>("params." + k, nullable: true)).ToList();
        var metricFields = frame.MetricKeys.Select(k => new DataField<double?>("metrics." + k)).ToList();
        var tagFields = frame.TagKeys.Select(k => new DataField<string>("tags." + k, nullable: true)).ToList();
        var schema = new ParquetSchema([.. infoFields, .. paramFields, .. metricFields, .. tagFields]);
        var writer = await ParquetWriter.CreateAsync(schema, stream).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            for (int start = 0; start < frame.Runs.Count || start == 0; start += RowGroupSize)
            {
                var rows = Enumerable.Range(start, Math.Min(RowGroupSize, frame.Runs.Count - start)).ToList();
                using var group = writer.CreateRowGroup();
                foreach (var (field, column) in infoFields.Zip(RunsFrame.InfoColumns))
                {
                    if (column is "start_time" or "end_time")
                        await group.WriteAsync<DateTime>(field, rows.Select(r => Time(frame, r, column)).ToArray()).ConfigureAwait(false);
                    else await group.WriteAsync(field, rows.Select(r => frame.Info(r, column)).ToList()).ConfigureAwait(false);
                }
                foreach (var (field, key) in paramFields.Zip(frame.ParamKeys))
                    await group.WriteAsync(field, rows.Select(r => frame.Param(r, key)).ToList()).ConfigureAwait(false);
                foreach (var (field, key) in metricFields.Zip(frame.MetricKeys))
                    await group.WriteAsync<double>(field, rows.Select(r => frame.Metric(r, key)).ToArray()).ConfigureAwait(false);
                foreach (var (field, key) in tagFields.Zip(frame.TagKeys))
                    await group.WriteAsync(field, rows.Select(r => frame.Tag(r, key)).ToList()).ConfigureAwait(false);
                group.CompleteValidate();
                if (frame.Runs.Count == 0) break;
            }
        }
    }

    static DateTime? Time(RunsFrame frame, int row, string column)
    {
        var info = frame.Runs[row].Info;
        long? ms = column == "start_time" ? info.StartTime : info.EndTime;
        return ms is { } t ? RunsFrame.Utc(t) : null;
    }

    static string Number(double v) =>
        double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "inf" : double.IsNegativeInfinity(v) ? "-inf" : v.ToString("R", CultureInfo.InvariantCulture);

    static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
