using System.CommandLine;
using System.Globalization;
using Quarry.Cli.Output;
using Quarry.Tracking;
using Spectre.Console;

namespace Quarry.Cli.Tracking;

internal static class RunsCommand
{
    public static Command Create()
    {
        var command = new Command("runs", """
            Inspect tracked runs.

            Examples:
              quarry runs search "metrics.sharpe > 0.5 and params.fast = '10'" --order-by "metrics.sharpe DESC" --max 20
              quarry runs search "tags.strategy = 'sma-cross'" --experiment Alpha.Equities.Trend.sma-cross --format csv
              quarry runs search --project Alpha --asset-class Equities --team quant --recent 7d
              quarry runs search --failed --strategy-family Momentum
              quarry runs show 0123456789abcdef0123456789abcdef
              quarry runs show 0123456789abcdef0123456789abcdef --json
              quarry runs compare 0123456789abcdef0123456789abcdef fedcba9876543210fedcba9876543210
            """);
        command.Subcommands.Add(Search());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(RunsCompare.Create());
        return command;
    }

    static Command Search()
    {
        var location = new TrackingInputs();
        var filter = new Argument<string>("filter") { Description = "MLflow filter, e.g. \"metrics.sharpe > 1 and params.fast = '10'\" ('' for all)", Arity = ArgumentArity.ZeroOrOne };
        var selection = new ExperimentSelection();
        var status = new Option<string>("--status") { Description = "only runs with this status: RUNNING, SCHEDULED, FINISHED, FAILED or KILLED" };
        var failed = new Option<bool>("--failed") { Description = "only failed runs (as --status FAILED)" };
        var recent = new Option<string>("--recent") { Description = "only runs started within this age, e.g. 7d, 12h" };
        var orderBy = new Option<string[]>("--order-by") { Description = "e.g. \"metrics.sharpe DESC\" (repeatable)", AllowMultipleArgumentsPerToken = false };
        var max = new Option<int>("--max") { Description = "most runs to return", DefaultValueFactory = _ => 100 };
        var view = new Option<string>("--view") { Description = "active, deleted or all", DefaultValueFactory = _ => "active" };
        var format = new Option<string>("--format") { Description = "table, json or csv", DefaultValueFactory = _ => "table" };
        var command = new Command("search", "search runs with MLflow's filter language; prints the runs with their metrics and params");
        command.Arguments.Add(filter);
        selection.AddTo(command);
        foreach (var option in new Option[] { status, failed, recent, orderBy, max, view, format }) command.Options.Add(option);
        location.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var viewType = ViewOption.Parse(parse.GetValue(view));
            var output = parse.GetValue(format);
            if (output is not ("table" or "json" or "csv"))
                throw new Core.QuarryException(Core.ErrorCode.InvalidParameter, $"Option '--format {output}' is invalid: expected table, json or csv.");
            var client = location.Open(parse);
            using (client)
            {
                var store = client.Store;
                var ids = selection.Resolve(store, parse, ct).Select(e => e.ExperimentId).ToList();
                var fullFilter = RunQuery.And(parse.GetValue(filter), StatusFilter(parse.GetValue(status), parse.GetValue(failed)),
                    parse.GetValue(recent) is { } age ? $"attributes.start_time >= {Age.CutoffMs(age, "--recent")}" : null);
                var page = ids.Count == 0 ? new RunsPage([], null)
                    : store.SearchRunsAsync(ids, fullFilter, viewType, parse.GetValue(max), parse.GetValue(orderBy), null, ct).GetAwaiter().GetResult();
                switch (output)
                {
                    case "json": Json.Write("-", w => TrackingJson.Runs(w, page.Runs)); break;
                    case "csv": RunsCsv(page.Runs); break;
                    default: RunsTable(page.Runs, page.NextPageToken is not null); break;
                }
            }
            return Cli.Ok;
        });
        return command;
    }

    static string? StatusFilter(string? status, bool failed)
    {
        if (failed)
        {
            if (status is not null && !status.Equals("FAILED", StringComparison.OrdinalIgnoreCase))
                throw new Core.QuarryException(Core.ErrorCode.InvalidParameter, $"Options '--failed' and '--status {status}' contradict each other (fix: give one).");
            status = "FAILED";
        }
        if (status is null) return null;
        if (!Enum.TryParse<RunStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
            throw new Core.QuarryException(Core.ErrorCode.InvalidParameter,
                $"Option '--status {status}' is invalid: expected RUNNING, SCHEDULED, FINISHED, FAILED or KILLED.");
        return $"attributes.status = '{parsed.ToString().ToUpperInvariant()}'";
    }

    static void RunsTable(IReadOnlyList<Run> runs, bool more)
    {
        var metricKeys = runs.SelectMany(r => r.Data.LatestMetrics.Select(m => m.Key)).Distinct()
            .Where(k => k is "sharpe" or "cagr" or "max_drawdown" or "total_return" or "trades").Order(StringComparer.Ordinal).ToList();
        // The params that tell these runs apart (those whose value varies), not the options every run shares.
        var paramKeys = runs.SelectMany(r => r.Data.Params).GroupBy(p => p.Key)
            .Where(g => g.Select(p => p.Value).Distinct().Count() > 1 || g.Count() < runs.Count)
            .Select(g => g.Key).Order(StringComparer.Ordinal).Take(6).ToList();
        var table = new Table().Border(TableBorder.Rounded).AddColumn("run_id").AddColumn("name").AddColumn("status");
        foreach (var key in metricKeys) table.AddColumn(new TableColumn(Markup.Escape(key)).RightAligned());
        foreach (var key in paramKeys) table.AddColumn(Markup.Escape(key));
        foreach (var run in runs)
        {
            var metrics = run.Data.LatestMetrics.ToDictionary(m => m.Key, m => m.Value);
            var parameters = run.Data.Params.ToDictionary(p => p.Key, p => p.Value);
            table.AddRow([run.Info.RunId, Markup.Escape(run.Info.RunName), run.Info.Status.ToString().ToUpperInvariant(),
                .. metricKeys.Select(k => metrics.TryGetValue(k, out var v) ? v.ToString("0.####", CultureInfo.InvariantCulture) : "—"),
                .. paramKeys.Select(k => Markup.Escape(parameters.GetValueOrDefault(k, "—")))]);
        }
        AnsiConsole.Write(table);
        Console.WriteLine($"{runs.Count} run(s){(more ? " (more match: raise --max)" : "")}");
    }

    static void RunsCsv(IReadOnlyList<Run> runs)
    {
        var metricKeys = runs.SelectMany(r => r.Data.LatestMetrics.Select(m => m.Key)).Distinct().Order(StringComparer.Ordinal).ToList();
        var paramKeys = runs.SelectMany(r => r.Data.Params.Select(p => p.Key)).Distinct().Order(StringComparer.Ordinal).ToList();
        Console.WriteLine(string.Join(',', new[] { "run_id", "run_name", "status" }
            .Concat(metricKeys.Select(k => "metrics." + k)).Concat(paramKeys.Select(k => "params." + k)).Select(Quote)));
        foreach (var run in runs)
        {
            var metrics = run.Data.LatestMetrics.ToDictionary(m => m.Key, m => m.Value);
            var parameters = run.Data.Params.ToDictionary(p => p.Key, p => p.Value);
            Console.WriteLine(string.Join(',', new[] { run.Info.RunId, run.Info.RunName, run.Info.Status.ToString().ToUpperInvariant() }
                .Concat(metricKeys.Select(k => metrics.TryGetValue(k, out var v) && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : ""))
                .Concat(paramKeys.Select(k => parameters.GetValueOrDefault(k, ""))).Select(Quote)));
        }
    }

    static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    static Command Show()
    {
        var location = new TrackingInputs();
        var id = new Argument<string>("run-id") { Description = "the run id (32 hex characters)" };
        var json = new Option<bool>("--json") { Description = "print JSON instead of tables" };
        var command = new Command("show", "show a run: info, params, latest metrics, tags and artifact files");
        command.Arguments.Add(id);
        command.Options.Add(json);
        location.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var client = location.Open(parse);
            using (client)
            {
                var run = client.Store.GetRunAsync(parse.GetValue(id)!, ct).GetAwaiter().GetResult();
                var artifacts = client.ArtifactsOf(run.Info);
                var folder = artifacts.LocalFolder;
                IReadOnlyList<string> files = [.. artifacts.ListFilesAsync(cancellationToken: ct).GetAwaiter().GetResult().Select(f => f.Path)];
                if (parse.GetValue(json)) Json.Write("-", w => TrackingJson.Run(w, run, folder, files));
                else Print(run, folder, files);
            }
            return Cli.Ok;
        });
        return command;
    }

    static void Print(Run run, string? folder, IReadOnlyList<string> files)
    {
        var i = run.Info;
        var info = new Table().Border(TableBorder.Rounded).Title("run").AddColumns("field", "value");
        info.AddRow("run_id", i.RunId);
        info.AddRow("name", Markup.Escape(i.RunName));
        info.AddRow("experiment_id", Markup.Escape(i.ExperimentId));
        info.AddRow("status", i.Status.ToString().ToUpperInvariant());
        info.AddRow("start", Time(i.StartTime));
        info.AddRow("end", i.EndTime is { } end ? Time(end) : "—");
        info.AddRow("lifecycle", i.LifecycleStage);
        info.AddRow("artifact_uri", Markup.Escape(i.ArtifactUri));
        info.AddRow("artifact folder", Markup.Escape(folder ?? "—"));
        AnsiConsole.Write(info);
        Pairs("params", run.Data.Params.Select(p => (p.Key, p.Value)));
        Pairs("metrics", run.Data.LatestMetrics.Select(m => (m.Key, m.Value.ToString("G10", CultureInfo.InvariantCulture))));
        Pairs("tags", run.Data.Tags.Select(t => (t.Key, t.Value)));
        Console.WriteLine(files.Count == 0 ? "artifacts: none" : "artifacts:");
        foreach (var file in files) Console.WriteLine($"  {file}");
    }

    static void Pairs(string title, IEnumerable<(string Key, string Value)> rows)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(title).AddColumns("key", "value");
        foreach (var (key, value) in rows) table.AddRow(Markup.Escape(key), Markup.Escape(value));
        AnsiConsole.Write(table);
    }

    static string Time(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
}
