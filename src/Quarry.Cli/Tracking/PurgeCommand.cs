using System.CommandLine;
using Quarry.Core;
using Quarry.Tracking;

namespace Quarry.Cli.Tracking;

/// <summary>`quarry purge`: permanently deletes deleted runs and experiments, with their artifact folders.</summary>
internal static class PurgeCommand
{
    public static Command Create()
    {
        var location = new TrackingInputs();
        var selection = new ExperimentSelection();
        var olderThan = new Option<string>("--older-than") { Description = "only runs started, and experiments deleted, more than this long ago (e.g. 30d)" };
        var yes = new Option<bool>("--yes", "-y") { Description = "do not ask for confirmation" };
        var dryRun = new Option<bool>("--dry-run") { Description = "list what would be purged without deleting anything" };
        var command = new Command("purge", """
            Permanently delete what was deleted (or archived): deleted runs with all their metrics, params, tags and
            artifact folders, and deleted experiments with all their runs; a purged experiment's name becomes free.
            Active runs and experiments are never touched. Asks for confirmation unless --yes. Each run and experiment
            is purged in its own transaction; artifacts are deleted through the artifact store (a local folder, or the
            server's artifact proxy), never outside it.

            Examples:
              quarry purge --dry-run
              quarry purge --older-than 30d
              quarry archive --older-than 90d && quarry purge --older-than 90d --yes
              quarry purge --experiment Alpha.Equities.Trend.sma-cross --yes
            """);
        selection.AddTo(command);
        foreach (var option in new Option[] { olderThan, yes, dryRun }) command.Options.Add(option);
        location.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            long? cutoff = parse.GetValue(olderThan) is { } age ? Age.CutoffMs(age, "--older-than") : null;
            var client = location.Open(parse);
            using (client)
            {
                var plan = PurgePlan.Build(client.Store, selection.Resolve(client.Store, parse, ct, includeDeleted: true), cutoff, ct);
                RunListing.Print(plan.Runs, plan.Experiments);
                foreach (var e in plan.DeletedExperiments) Console.WriteLine($"experiment {e.ExperimentId} {e.Name} (deleted)");
                var summary = $"{plan.Runs.Count} deleted run(s) and {plan.DeletedExperiments.Count} deleted experiment(s) " +
                    $"with {plan.RunsInDeletedExperiments.Count} run(s)";
                if (plan.IsEmpty)
                {
                    Console.WriteLine("nothing to purge");
                    return Cli.Ok;
                }
                if (parse.GetValue(dryRun))
                {
                    Console.WriteLine($"would purge {summary} (dry run: nothing deleted)");
                    return Cli.Ok;
                }
                if (!parse.GetValue(yes) && !Confirm($"Permanently delete {summary}, and their artifact folders? Type 'yes' to continue: "))
                    throw new QuarryException(ErrorCode.InvalidParameter, "Purge not confirmed; nothing was deleted (fix: answer yes, or pass --yes).");
                var (removed, left) = plan.Execute(client, ct);
                Console.WriteLine($"purged {summary}; removed {removed} artifact folder(s)");
                foreach (var note in left) Console.Error.WriteLine($"note: artifacts left in place, {note}");
            }
            return Cli.Ok;
        });
        return command;
    }

    static bool Confirm(string question)
    {
        Console.Write(question);
        var answer = Console.ReadLine();
        if (answer is null) Console.WriteLine();
        return answer?.Trim().Equals("yes", StringComparison.OrdinalIgnoreCase) == true
            || answer?.Trim().Equals("y", StringComparison.OrdinalIgnoreCase) == true;
    }
}
