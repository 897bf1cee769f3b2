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
              quarry runs show 0123456789abcdef0123456789abcdef
              quarry runs show 0123456789abcdef0123456789abcdef --json
            """);
        command.Subcommands.Add(Show());
        return command;
    }

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
            var (store, root) = location.Open(parse);
            using (store)
            {
                var run = store.GetRunAsync(parse.GetValue(id)!, ct).GetAwaiter().GetResult();
                var folder = TrackingInputs.LocalFolder(run.Info.ArtifactUri, root);
                IReadOnlyList<string> files = folder is not null && Directory.Exists(folder)
                    ? [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).Order(StringComparer.Ordinal)]
                    : [];
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
