using System.CommandLine;
using System.Globalization;
using Quarry.Tracking;
using Spectre.Console;

namespace Quarry.Cli.Tracking;

/// <summary>`quarry archive`: soft-deletes (or, with --restore, restores) the runs started before a cutoff.</summary>
internal static class ArchiveCommand
{
    public static Command Create()
    {
        var location = new TrackingInputs();
        var selection = new ExperimentSelection();
        var olderThan = new Option<string>("--older-than") { Description = "runs started more than this long ago, e.g. 90d, 12w, 36h", Required = true };
        var restore = new Option<bool>("--restore") { Description = "restore the archived (deleted) runs started before the cutoff instead" };
        var dryRun = new Option<bool>("--dry-run") { Description = "list the runs without changing anything" };
        var command = new Command("archive", """
            Archive old runs: soft-delete the active runs started before the cutoff, so searches, lists and the
            dashboard show recent work. Archived runs keep all their data and artifacts: --restore brings them back,
            `quarry purge` deletes them for good. Each run is changed in its own transaction, so an interrupted archive
            can simply be run again.

            Examples:
              quarry archive --older-than 90d --dry-run
              quarry archive --older-than 90d --project Alpha --asset-class Equities
              quarry archive --older-than 90d --experiment Alpha.Equities.Trend.sma-cross
              quarry archive --older-than 90d --restore
            """);
        selection.AddTo(command);
        foreach (var option in new Option[] { olderThan, restore, dryRun }) command.Options.Add(option);
        location.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            long cutoff = Age.CutoffMs(parse.GetValue(olderThan)!, "--older-than");
            bool back = parse.GetValue(restore);
            var client = location.Open(parse);
            using (client)
            {
                var store = client.Store;
                var experiments = selection.Resolve(store, parse, ct);
                var runs = RunQuery.All(store, [.. experiments.Select(e => e.ExperimentId)], $"attributes.start_time < {cutoff}",
                    back ? ViewType.DeletedOnly : ViewType.ActiveOnly, ["attributes.start_time ASC"], ct);
                string verb = back ? "restore" : "archive", cutoffText = Day(cutoff);
                if (parse.GetValue(dryRun))
                {
                    RunListing.Print(runs, experiments);
                    Console.WriteLine($"would {verb} {runs.Count} run(s) started before {cutoffText} (dry run: nothing changed)");
                    return Cli.Ok;
                }
                foreach (var run in runs)
                {
                    if (back) store.RestoreRunAsync(run.Info.RunId, ct).GetAwaiter().GetResult();
                    else store.DeleteRunAsync(run.Info.RunId, ct).GetAwaiter().GetResult();
                }
                Console.WriteLine(back
                    ? $"restored {runs.Count} run(s) started before {cutoffText}"
                    : $"archived {runs.Count} run(s) started before {cutoffText} (undo: quarry archive --restore --older-than {parse.GetValue(olderThan)}; delete for good: quarry purge)");
            }
            return Cli.Ok;
        });
        return command;
    }

    static string Day(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
