using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Quarry.Cli.Output;
using Quarry.Core;
using Quarry.Tracking;
using Spectre.Console;

namespace Quarry.Cli.Tracking;

/// <summary>`quarry runs compare ID ID...`: params and latest metrics side by side, the best value of each metric highlighted.</summary>
internal static class RunsCompare
{
    public static Command Create()
    {
        var location = new TrackingInputs();
        var ids = new Argument<string[]>("run-ids") { Description = "two or more run ids", Arity = ArgumentArity.OneOrMore };
        var metricKeys = new Option<string[]>("--metric") { Description = "only these metrics (repeatable; default: every metric)", AllowMultipleArgumentsPerToken = false };
        var format = new Option<string>("--format") { Description = "table or json", DefaultValueFactory = _ => "table" };
        var command = new Command("compare", """
            Compare runs side by side: info, params (differences in yellow) and latest metrics with the best value of
            each in bold green. Higher is better, except for metrics whose name contains drawdown, volatility, loss or
            error (marked ↓), where the smallest magnitude wins.

            Examples:
              quarry runs compare 0123456789abcdef0123456789abcdef fedcba9876543210fedcba9876543210
              quarry runs compare ID1 ID2 ID3 --metric sharpe --metric max_drawdown --metric cagr
              quarry runs compare ID1 ID2 --format json
            """);
        command.Arguments.Add(ids);
        command.Options.Add(metricKeys);
        command.Options.Add(format);
        location.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var runIds = parse.GetValue(ids) ?? [];
            if (runIds.Length < 2)
                throw new QuarryException(ErrorCode.InvalidParameter, $"runs compare needs at least two run ids (got {runIds.Length}).");
            if (runIds.Distinct(StringComparer.Ordinal).Count() != runIds.Length)
                throw new QuarryException(ErrorCode.InvalidParameter, "runs compare: a run id is given twice (fix: list each run once).");
            var output = parse.GetValue(format);
            if (output is not ("table" or "json"))
                throw new QuarryException(ErrorCode.InvalidParameter, $"Option '--format {output}' is invalid: expected table or json.");
            var client = location.Open(parse);
            using (client)
            {
                var runs = runIds.Select(id => client.Store.GetRunAsync(id, ct).GetAwaiter().GetResult()).ToList();
                var comparison = Comparison.Of(runs, parse.GetValue(metricKeys));
                if (output == "json") Json.Write("-", w => comparison.WriteJson(w));
                else comparison.WriteTables();
            }
            return Cli.Ok;
        });
        return command;
    }

    /// <summary>The runs with their params and metrics as rows of aligned values.</summary>
    sealed record Comparison(IReadOnlyList<Run> Runs, IReadOnlyList<(string Key, string?[] Values)> Params,
        IReadOnlyList<(string Key, double?[] Values)> Metrics)
    {
        public static Comparison Of(IReadOnlyList<Run> runs, string[]? onlyMetrics)
        {
            var paramKeys = runs.SelectMany(r => r.Data.Params.Select(p => p.Key)).Distinct().Order(StringComparer.Ordinal);
            var metricKeys = onlyMetrics is { Length: > 0 } ? onlyMetrics.AsEnumerable()
                : runs.SelectMany(r => r.Data.LatestMetrics.Select(m => m.Key)).Distinct().Order(StringComparer.Ordinal);
            return new Comparison(runs,
                [.. paramKeys.Select(k => (k, runs.Select(r => r.Data.Params.FirstOrDefault(p => p.Key == k)?.Value).ToArray()))],
                [.. metricKeys.Select(k => (k, runs.Select(r => r.Data.LatestMetrics.FirstOrDefault(m => m.Key == k)?.Value).ToArray()))]);
        }

        public void WriteTables()
        {
            var info = NewTable("run");
            Row(info, "run_id", Runs.Select(r => r.Info.RunId));
            Row(info, "experiment_id", Runs.Select(r => Markup.Escape(r.Info.ExperimentId)));
            Row(info, "status", Runs.Select(r => r.Info.Status.ToString().ToUpperInvariant()));
            Row(info, "start", Runs.Select(r => Time(r.Info.StartTime)));
            Row(info, "duration", Runs.Select(r => r.Info.EndTime is { } end ? $"{(end - r.Info.StartTime) / 1000.0:0.0} s" : "—"));
            AnsiConsole.Write(info);
            var @params = NewTable("params");
            foreach (var (key, values) in Params)
            {
                bool differs = values.Distinct().Count() > 1;
                var cells = values.Select(v => v is null ? "—" : Markup.Escape(v)).Select(c => differs ? $"[yellow]{c}[/]" : c);
                Row(@params, differs ? $"[yellow]{Markup.Escape(key)}[/]" : Markup.Escape(key), cells);
            }
            AnsiConsole.Write(@params);
            var metrics = NewTable("metrics (best in bold green; ↓ = lower magnitude is better)");
            foreach (var (key, values) in Metrics)
            {
                var best = MetricDirection.Best(key, values);
                var cells = values.Select(v => v is { } x ? Number(x) : "—")
                    .Select((c, i) => best.Contains(i) && Runs.Count > 1 ? $"[bold green]{c}[/]" : c);
                Row(metrics, Markup.Escape(key) + (MetricDirection.LowerIsBetter(key) ? " ↓" : ""), cells);
            }
            AnsiConsole.Write(metrics);
        }

        public void WriteJson(Utf8JsonWriter w)
        {
            w.WriteStartObject();
            w.WriteStartArray("runs");
            foreach (var r in Runs)
            {
                w.WriteStartObject();
                w.WriteString("run_id", r.Info.RunId);
                w.WriteString("run_name", r.Info.RunName);
                w.WriteString("experiment_id", r.Info.ExperimentId);
                w.WriteString("status", r.Info.Status.ToString().ToUpperInvariant());
                w.WriteNumber("start_time", r.Info.StartTime);
                if (r.Info.EndTime is { } end) w.WriteNumber("end_time", end);
                else w.WriteNull("end_time");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("params");
            foreach (var (key, values) in Params)
            {
                w.WriteStartObject(key);
                w.WriteBoolean("differs", values.Distinct().Count() > 1);
                w.WriteStartObject("values");
                for (int i = 0; i < Runs.Count; i++)
                    if (values[i] is { } v) w.WriteString(Runs[i].Info.RunId, v);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteStartObject("metrics");
            foreach (var (key, values) in Metrics)
            {
                w.WriteStartObject(key);
                w.WriteBoolean("lower_is_better", MetricDirection.LowerIsBetter(key));
                w.WriteStartArray("best");
                foreach (var i in MetricDirection.Best(key, values)) w.WriteStringValue(Runs[i].Info.RunId);
                w.WriteEndArray();
                w.WriteStartObject("values");
                for (int i = 0; i < Runs.Count; i++)
                    if (values[i] is { } v) w.Number(Runs[i].Info.RunId, v);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }

        Table NewTable(string title)
        {
            var table = new Table().Border(TableBorder.Rounded).Title(title).AddColumn("");
            foreach (var r in Runs)
                table.AddColumn(new TableColumn(Markup.Escape($"{r.Info.RunName} ({r.Info.RunId[..8]})")).RightAligned());
            return table;
        }

        static void Row(Table table, string key, IEnumerable<string> cells) => table.AddRow([key, .. cells]);

        static string Number(double v) =>
            double.IsNaN(v) ? "NaN" : double.IsInfinity(v) ? (v > 0 ? "∞" : "-∞") : v.ToString("0.######", CultureInfo.InvariantCulture);

        static string Time(long ms) =>
            DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }
}
