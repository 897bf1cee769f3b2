using System.CommandLine;
using Quarry.Cli.Output;
using Quarry.Tracking;
using Quarry.Tracking.Research;
using Spectre.Console;

namespace Quarry.Cli.Tracking;

internal static class ExperimentsCommand
{
    static readonly string[] TagColumns =
        [ResearchTags.Project, ResearchTags.AssetClass, ResearchTags.StrategyFamily, ResearchTags.Team, ResearchTags.Status];

    public static Command Create()
    {
        var command = new Command("experiments", """
            Manage tracking experiments (named Project.AssetClass.StrategyFamily.Strategy).

            Examples:
              quarry experiments list
              quarry experiments list --project Alpha --asset-class Equities --status production
              quarry experiments create Alpha.Equities.Momentum.SmaCross --team quant
              quarry experiments rename 1 Alpha.Equities.Momentum.SmaCross2
              quarry experiments delete 1
              quarry experiments restore 1
            """);
        command.Subcommands.Add(List());
        command.Subcommands.Add(CreateCommand());
        command.Subcommands.Add(Rename());
        command.Subcommands.Add(IdAction("delete", "soft-delete an experiment and its runs (restorable)", (s, id) => s.DeleteExperimentAsync(id), "deleted"));
        command.Subcommands.Add(IdAction("restore", "restore a deleted experiment and its runs", (s, id) => s.RestoreExperimentAsync(id), "restored"));
        return command;
    }

    static Command List()
    {
        var location = new TrackingInputs();
        var json = new Option<bool>("--json") { Description = "print JSON instead of a table" };
        var all = new Option<bool>("--all") { Description = "include deleted experiments" };
        var selection = new ExperimentSelection("--status");
        var command = new Command("list", "list the experiments, optionally only those of a project, asset class, strategy family, team or status");
        selection.AddTo(command, withExperiments: false);
        location.AddTo(command);
        command.Options.Add(json);
        command.Options.Add(all);
        command.SetAction((parse, ct) =>
        {
            var client = location.Open(parse);
            using (client)
            {
                var store = client.Store;
                var experiments = selection.Resolve(store, parse, ct, includeDeleted: parse.GetValue(all));
                if (parse.GetValue(json)) Json.Write("-", w => TrackingJson.Experiments(w, experiments));
                else Table(experiments);
            }
            return Cli.Ok;
        });
        return command;
    }

    static void Table(IReadOnlyList<Experiment> experiments)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("id", "name", "lifecycle");
        foreach (var column in TagColumns) table.AddColumn(column);
        foreach (var e in experiments)
            table.AddRow([Markup.Escape(e.ExperimentId), Markup.Escape(e.Name), e.LifecycleStage,
                .. TagColumns.Select(c => Markup.Escape(e.Tags.GetValueOrDefault(c, "")))]);
        AnsiConsole.Write(table);
    }

    static Command CreateCommand()
    {
        var location = new TrackingInputs();
        var name = new Argument<string>("name") { Description = "Project.AssetClass.StrategyFamily.Strategy" };
        var team = new Option<string>("--team") { Description = "team tag" };
        var status = new Option<string>("--status") { Description = "research (default), testing, production or archived", DefaultValueFactory = _ => "research" };
        var command = new Command("create", "create an experiment with its research tags");
        command.Arguments.Add(name);
        command.Options.Add(team);
        command.Options.Add(status);
        location.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var parsed = ExperimentName.Parse(parse.GetValue(name)!);
            var tags = ResearchTags.For(parsed, parse.GetValue(team), ResearchTags.ParseStatus(parse.GetValue(status) ?? "research"));
            var client = location.Open(parse);
            using (client)
            {
                var store = client.Store;
                var id = store.CreateExperimentAsync(parsed.ToString(), tags: tags, cancellationToken: ct).GetAwaiter().GetResult();
                Console.WriteLine($"created experiment {id} {parsed}");
            }
            return Cli.Ok;
        });
        return command;
    }

    static Command Rename()
    {
        var location = new TrackingInputs();
        var id = new Argument<string>("id") { Description = "experiment id" };
        var name = new Argument<string>("new-name") { Description = "Project.AssetClass.StrategyFamily.Strategy" };
        var command = new Command("rename", "rename an experiment (its project/asset_class/strategy_family/strategy tags follow)");
        command.Arguments.Add(id);
        command.Arguments.Add(name);
        location.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var parsed = ExperimentName.Parse(parse.GetValue(name)!);
            var client = location.Open(parse);
            using (client)
            {
                var store = client.Store;
                var experimentId = parse.GetValue(id)!;
                store.RenameExperimentAsync(experimentId, parsed.ToString(), ct).GetAwaiter().GetResult();
                foreach (var (key, value) in parsed.Tags()) store.SetExperimentTagAsync(experimentId, key, value, ct).GetAwaiter().GetResult();
                Console.WriteLine($"renamed experiment {experimentId} to {parsed}");
            }
            return Cli.Ok;
        });
        return command;
    }

    static Command IdAction(string verb, string description, Func<ITrackingStore, string, Task> action, string done)
    {
        var location = new TrackingInputs();
        var id = new Argument<string>("id") { Description = "experiment id" };
        var command = new Command(verb, description);
        command.Arguments.Add(id);
        location.AddTo(command);
        command.SetAction((parse, _) =>
        {
            var client = location.Open(parse);
            using (client)
            {
                var store = client.Store;
                var experimentId = parse.GetValue(id)!;
                action(store, experimentId).GetAwaiter().GetResult();
                Console.WriteLine($"{done} experiment {experimentId}");
            }
            return Cli.Ok;
        });
        return command;
    }
}
