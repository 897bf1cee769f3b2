using System.CommandLine;
using Quarry.Cli.Output;
using Quarry.Core;
using Quarry.Data;

namespace Quarry.Cli.Commands;

internal static class DataCommand
{
    public static Command Create()
    {
        var command = new Command("data", "Inspect and convert market data files.");
        command.Subcommands.Add(Check());
        command.Subcommands.Add(Convert());
        return command;
    }

    static Command Check()
    {
        var file = new Argument<string>("file") { Description = "CSV or Parquet OHLCV file" };
        var json = new Option<bool>("--json") { Description = "print the report as JSON" };
        var csv = new CsvInputs();
        var jump = new Option<double>("--jump") { Description = "flag close-to-close moves larger than this fraction", DefaultValueFactory = _ => 0.2 };
        var command = new Command("check", """
            Data-quality report: rows, range, interval, gaps beyond the calendar, zero-volume bars, suspicious jumps,
            and every malformed row (file:line: field: problem). Exit code 4 when the file has problems.

            Examples:
              quarry data check samples/data/orcl-1995-2014.txt
              quarry data check prices.csv --sort --jump 0.1 --json
            """);
        command.Arguments.Add(file);
        foreach (var option in new Option[] { json, jump }) command.Options.Add(option);
        csv.AddTo(command);
        command.SetAction((parse, _) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path)) throw new QuarryException(ErrorCode.NotFound, $"File '{path}' does not exist.");
            var report = DataQuality.CheckFile(path, csv.Options(parse),
                new DataQualityOptions { JumpThreshold = parse.GetValue(jump) });
            if (parse.GetValue(json)) Json.Write("-", w => QualityJson(w, report));
            else Tables.Quality(report);
            return report.IsValid ? Cli.Ok : Cli.DataError;
        });
        return command;
    }

    static Command Convert()
    {
        var input = new Argument<string>("input") { Description = "CSV or Parquet OHLCV file" };
        var output = new Argument<string>("output") { Description = "destination .parquet file" };
        var csv = new CsvInputs();
        var command = new Command("convert", """
            Convert an OHLCV file to Parquet (validated on the way; written atomically).

            Example:
              quarry data convert samples/data/orcl-1995-2014.txt orcl.parquet
            """);
        command.Arguments.Add(input);
        command.Arguments.Add(output);
        csv.AddTo(command);
        command.SetAction((parse, _) =>
        {
            var target = parse.GetValue(output)!;
            if (!target.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
                throw new QuarryException(ErrorCode.InvalidParameter, $"Output '{target}' must end with .parquet.");
            var series = MarketData.Load(parse.GetValue(input)!, csv.Options(parse));
            ParquetBars.Write(series, target);
            Console.WriteLine($"wrote {series.Count:N0} bars of {series.Symbol} to {target}");
            return Cli.Ok;
        });
        return command;
    }

    static void QualityJson(System.Text.Json.Utf8JsonWriter w, DataQualityReport r)
    {
        w.WriteStartObject();
        w.WriteString("source", r.Source);
        w.WriteNumber("rows", r.Rows);
        if (r.First is { } first) w.WriteString("first", Json.Time(first)); else w.WriteNull("first");
        if (r.Last is { } last) w.WriteString("last", Json.Time(last)); else w.WriteNull("last");
        w.WriteString("interval", r.Interval.ToString().ToLowerInvariant());
        w.WriteStartArray("gaps");
        foreach (var g in r.Gaps)
        {
            w.WriteStartObject();
            w.WriteString("start", Json.Time(g.Start));
            w.WriteString("end", Json.Time(g.End));
            w.WriteNumber("missing", g.Missing);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteNumber("zero_volume_bars", r.ZeroVolumeBars);
        w.WriteBoolean("all_volume_zero", r.AllVolumeZero);
        w.WriteStartArray("jumps");
        foreach (var j in r.Jumps)
        {
            w.WriteStartObject();
            w.WriteString("time", Json.Time(j.Time));
            w.Number("return", j.Return);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteNumber("flat_bars", r.FlatBars);
        w.WriteNumber("issue_count", r.IssueCount);
        w.WriteStartArray("issues");
        foreach (var i in r.Issues)
        {
            w.WriteStartObject();
            w.WriteNumber("line", i.Line);
            if (i.Field is null) w.WriteNull("field"); else w.WriteString("field", i.Field);
            w.WriteString("problem", i.Problem);
            w.WriteString("fix", i.Fix);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
