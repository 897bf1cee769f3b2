using System.CommandLine;
using Quarry.Core;
using Quarry.Tracking;

namespace Quarry.Cli.Tracking;

/// <summary>`quarry export runs`: every matching run as one CSV or Parquet row.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var command = new Command("export", """
            Export tracked data for analysis elsewhere (pandas, polars, DuckDB, a spreadsheet).

            Examples:
              quarry export runs --output runs.parquet
              quarry export runs --experiment Alpha.Equities.Trend.sma-cross --filter "metrics.sharpe > 0.5" --format csv --output runs.csv
              quarry export runs --project Alpha --team quant --view all --output all.parquet
            """);
        command.Subcommands.Add(Runs());
        return command;
    }

    static Command Runs()
    {
        var location = new TrackingInputs();
        var selection = new ExperimentSelection();
        var filter = new Option<string>("--filter") { Description = "MLflow filter, e.g. \"metrics.sharpe > 1 and params.fast = '10'\"" };
        var orderBy = new Option<string[]>("--order-by") { Description = "e.g. \"metrics.sharpe DESC\" (repeatable; default start_time DESC)", AllowMultipleArgumentsPerToken = false };
        var view = new Option<string>("--view") { Description = "active, deleted or all", DefaultValueFactory = _ => "active" };
        var format = new Option<string>("--format") { Description = "csv or parquet (default: from the output file's extension)" };
        var output = new Option<string>("--output", "-o") { Description = "the file to write (replaced atomically)", Required = true };
        var command = new Command("runs", """
            Write one row per run: run_id, run_name, experiment_id, experiment_name, status, user_id, start_time,
            end_time (UTC), lifecycle_stage, artifact_uri, then params.*, metrics.* (latest values) and tags.*.
            """);
        selection.AddTo(command);
        foreach (var option in new Option[] { filter, orderBy, view, format, output }) command.Options.Add(option);
        location.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var path = parse.GetValue(output)!;
            var kind = Format(parse.GetValue(format), path);
            var viewType = ViewOption.Parse(parse.GetValue(view));
            var client = location.Open(parse);
            using (client)
            {
                var experiments = selection.Resolve(client.Store, parse, ct, includeDeleted: viewType != ViewType.ActiveOnly);
                var runs = RunQuery.All(client.Store, [.. experiments.Select(e => e.ExperimentId)], parse.GetValue(filter), viewType,
                    parse.GetValue(orderBy), ct);
                var frame = RunsFrame.Of(runs, experiments);
                if (kind == "csv") RunsExportWriter.Csv(frame, path);
                else RunsExportWriter.Parquet(frame, path);
                Console.WriteLine($"exported {runs.Count} run(s) from {experiments.Count} experiment(s) to {path} " +
                    $"({frame.ParamKeys.Count} params, {frame.MetricKeys.Count} metrics, {frame.TagKeys.Count} tags columns)");
            }
            return Cli.Ok;
        });
        return command;
    }

    static string Format(string? given, string path)
    {
        var format = given ?? Path.GetExtension(path).TrimStart('.').ToLowerInvariant() switch
        {
            "csv" => "csv",
            "parquet" or "pq" => "parquet",
            var ext => throw new QuarryException(ErrorCode.InvalidParameter,
                $"Cannot tell the format of '{path}' from its extension '{ext}' (fix: --format csv or --format parquet)."),
        };
        return format is "csv" or "parquet" ? format
            : throw new QuarryException(ErrorCode.InvalidParameter, $"Option '--format {format}' is invalid: expected csv or parquet.");
    }
}
