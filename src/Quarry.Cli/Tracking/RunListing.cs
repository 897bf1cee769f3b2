using System.Globalization;
using Quarry.Tracking;
using Spectre.Console;

namespace Quarry.Cli.Tracking;

/// <summary>A compact table of runs (id, name, experiment, status, start) for dry runs and confirmations.</summary>
internal static class RunListing
{
    const int MaxRows = 50;

    public static void Print(IReadOnlyList<Run> runs, IEnumerable<Experiment> experiments)
    {
        if (runs.Count == 0) return;
        var names = experiments.ToDictionary(e => e.ExperimentId, e => e.Name, StringComparer.Ordinal);
        var table = new Table().Border(TableBorder.Rounded).AddColumns("run_id", "name", "experiment", "status", "started");
        foreach (var run in runs.Take(MaxRows))
            table.AddRow(run.Info.RunId, Markup.Escape(run.Info.RunName), Markup.Escape(names.GetValueOrDefault(run.Info.ExperimentId, run.Info.ExperimentId)),
                run.Info.Status.ToString().ToUpperInvariant(),
                DateTimeOffset.FromUnixTimeMilliseconds(run.Info.StartTime).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        if (runs.Count > MaxRows) Console.WriteLine($"… and {runs.Count - MaxRows} more");
    }
}
