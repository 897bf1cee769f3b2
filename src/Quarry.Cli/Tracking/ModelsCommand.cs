using System.CommandLine;
using Quarry.Cli.Output;
using Quarry.Core;
using Quarry.Tracking.Client;
using Quarry.Tracking.Registry;

namespace Quarry.Cli.Tracking;

/// <summary>`quarry models`: the model registry kept in the tracking database.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", """
            The model registry (MLflow's): registered models, their numbered versions (each pointing at a run's
            artifacts), stages None / Staging / Production / Archived, aliases and the history of stage changes. It
            lives in the tracking database that --tracking-uri names, or on the tracking server an http(s):// URI names
            (over MLflow's REST API; `history` needs a Quarry server).

            Examples:
              quarry models create SmaCrossOrcl --description "SMA cross on ORCL, daily"
              quarry models register SmaCrossOrcl --run 0123456789abcdef0123456789abcdef
              quarry models transition SmaCrossOrcl 1 Production --archive-existing
              quarry models alias SmaCrossOrcl champion 1
              quarry models list
              quarry models show SmaCrossOrcl
              quarry models history SmaCrossOrcl --json
            """);
        command.Subcommands.Add(List());
        command.Subcommands.Add(CreateModel());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Register());
        command.Subcommands.Add(Transition());
        command.Subcommands.Add(Alias());
        command.Subcommands.Add(History());
        return command;
    }

    static Command List()
    {
        var (location, command) = New("list", "list the registered models with their latest version per stage and their aliases");
        var filter = new Option<string>("--filter") { Description = "e.g. \"name LIKE 'Sma%'\" or \"tags.team = 'quant'\"" };
        var json = new Option<bool>("--json") { Description = "print JSON instead of a table" };
        command.Options.Add(filter);
        command.Options.Add(json);
        command.SetAction((parse, ct) => WithRegistry(location, parse, registry =>
        {
            var models = new List<RegisteredModel>();
            string? token = null;
            do
            {
                var page = registry.SearchRegisteredModelsAsync(parse.GetValue(filter), 1000, ["name ASC"], token, ct).GetAwaiter().GetResult();
                models.AddRange(page.Models);
                token = page.NextPageToken;
            }
            while (token is not null);
            if (parse.GetValue(json)) Json.Write("-", w => ModelsOutput.ModelsJson(w, models));
            else ModelsOutput.ModelsTable(models);
        }));
        return command;
    }

    static Command CreateModel()
    {
        var (location, command) = New("create", "create a registered model");
        var name = NameArgument(command);
        var description = new Option<string>("--description") { Description = "what the model is" };
        var tags = new Option<string[]>("--tag") { Description = "KEY=VALUE (repeatable)", AllowMultipleArgumentsPerToken = false };
        command.Options.Add(description);
        command.Options.Add(tags);
        command.SetAction((parse, ct) => WithRegistry(location, parse, registry =>
        {
            var model = registry.CreateRegisteredModelAsync(parse.GetValue(name)!, Tags(parse.GetValue(tags)), parse.GetValue(description),
                Environment.UserName, ct).GetAwaiter().GetResult();
            Console.WriteLine($"created model {model.Name}");
        }));
        return command;
    }

    static Command Show()
    {
        var (location, command) = New("show", "show a model and every version (stage, status, run, source, aliases)");
        var name = NameArgument(command);
        var json = new Option<bool>("--json") { Description = "print JSON instead of tables" };
        command.Options.Add(json);
        command.SetAction((parse, ct) => WithRegistry(location, parse, registry =>
        {
            var model = registry.GetRegisteredModelAsync(parse.GetValue(name)!, ct).GetAwaiter().GetResult();
            var versions = Versions(registry, model.Name, ct);
            if (parse.GetValue(json)) Json.Write("-", w => ModelsOutput.ModelJson(w, model, versions));
            else ModelsOutput.ModelTables(model, versions);
        }));
        return command;
    }

    static Command Register()
    {
        var (location, command) = New("register", """
            register a new version of a model (created when missing) from a run's artifacts (--run, optionally --path
            inside them) or from any --source URI
            """);
        var name = NameArgument(command);
        var run = new Option<string>("--run") { Description = "the run whose artifacts hold the model" };
        var path = new Option<string>("--path") { Description = "the model's folder inside the run's artifacts (default: all of them)" };
        var source = new Option<string>("--source") { Description = "the model's location, instead of --run (e.g. mlflow-artifacts:/1/RUN/artifacts/model)" };
        var description = new Option<string>("--description") { Description = "what this version is" };
        var tags = new Option<string[]>("--tag") { Description = "KEY=VALUE (repeatable)", AllowMultipleArgumentsPerToken = false };
        foreach (var option in new Option[] { run, path, source, description, tags }) command.Options.Add(option);
        command.SetAction((parse, ct) => WithRegistry(location, parse, (registry, trackingUri) =>
        {
            var (runId, uri) = (parse.GetValue(run), parse.GetValue(source));
            if (runId is null == uri is null)
                throw new QuarryException(ErrorCode.InvalidParameter, "models register needs exactly one of --run RUN_ID and --source URI.");
            if (runId is not null)
                uri = RunArtifactUri(trackingUri, runId, Quarry.Tracking.Artifacts.ArtifactPath.Validate(parse.GetValue(path), "--path"), ct);
            var modelName = parse.GetValue(name)!;
            try { registry.GetRegisteredModelAsync(modelName, ct).GetAwaiter().GetResult(); }
            catch (QuarryException e) when (e.Code == ErrorCode.NotFound)
            {
                registry.CreateRegisteredModelAsync(modelName, userId: Environment.UserName, cancellationToken: ct).GetAwaiter().GetResult();
                Console.WriteLine($"created model {modelName}");
            }
            var version = registry.CreateModelVersionAsync(modelName, uri!, runId, Tags(parse.GetValue(tags)), description: parse.GetValue(description),
                userId: Environment.UserName, cancellationToken: ct).GetAwaiter().GetResult();
            Console.WriteLine($"registered {version.Name} version {version.Version} from {version.Source}");
        }));
        return command;
    }

    static Command Transition()
    {
        var (location, command) = New("transition", "move a version to a stage: None, Staging, Production or Archived");
        var name = NameArgument(command);
        var version = new Argument<string>("version") { Description = "the version number" };
        var stage = new Argument<string>("stage") { Description = "None, Staging, Production or Archived (any case)" };
        var archive = new Option<bool>("--archive-existing") { Description = "move the versions already in Staging/Production to Archived, in the same transaction" };
        command.Arguments.Add(version);
        command.Arguments.Add(stage);
        command.Options.Add(archive);
        command.SetAction((parse, ct) => WithRegistry(location, parse, registry =>
        {
            var target = ModelStages.Parse(parse.GetValue(stage));
            var moved = registry.TransitionStageAsync(parse.GetValue(name)!, parse.GetValue(version)!, target, parse.GetValue(archive),
                Environment.UserName, ct).GetAwaiter().GetResult();
            Console.WriteLine($"{moved.Name} version {moved.Version} is now in {ModelStages.Name(moved.CurrentStage)}");
        }));
        return command;
    }

    static Command Alias()
    {
        var (location, command) = New("alias", "point an alias (e.g. champion) at a version, moving it if it exists; --delete removes it");
        var name = NameArgument(command);
        var alias = new Argument<string>("alias") { Description = "the alias" };
        var version = new Argument<string>("version") { Description = "the version number (not with --delete)", Arity = ArgumentArity.ZeroOrOne };
        var delete = new Option<bool>("--delete") { Description = "remove the alias" };
        command.Arguments.Add(alias);
        command.Arguments.Add(version);
        command.Options.Add(delete);
        command.SetAction((parse, ct) => WithRegistry(location, parse, registry =>
        {
            var (model, aliasName, target) = (parse.GetValue(name)!, parse.GetValue(alias)!, parse.GetValue(version));
            if (parse.GetValue(delete))
            {
                if (target is not null) throw new QuarryException(ErrorCode.InvalidParameter, "models alias --delete takes no version.");
                registry.DeleteAliasAsync(model, aliasName, ct).GetAwaiter().GetResult();
                Console.WriteLine($"removed alias {aliasName} of {model}");
                return;
            }
            if (target is null) throw new QuarryException(ErrorCode.InvalidParameter, "models alias needs a version: quarry models alias NAME ALIAS VERSION.");
            registry.SetAliasAsync(model, aliasName, target, ct).GetAwaiter().GetResult();
            Console.WriteLine($"alias {aliasName} of {model} → version {target}");
        }));
        return command;
    }

    static Command History()
    {
        var (location, command) = New("history", "the stage changes of a model (or of one --version), oldest first");
        var name = NameArgument(command);
        var version = new Option<string>("--version") { Description = "only this version" };
        var json = new Option<bool>("--json") { Description = "print JSON instead of a table" };
        command.Options.Add(version);
        command.Options.Add(json);
        command.SetAction((parse, ct) => WithRegistry(location, parse, registry =>
        {
            var history = registry.GetTransitionHistoryAsync(parse.GetValue(name)!, parse.GetValue(version), ct).GetAwaiter().GetResult();
            if (parse.GetValue(json)) Json.Write("-", w => ModelsOutput.HistoryJson(w, history));
            else ModelsOutput.HistoryTable(history);
        }));
        return command;
    }

    static (TrackingInputs Location, Command Command) New(string name, string description)
    {
        var location = new TrackingInputs();
        var command = new Command(name, description);
        location.AddTo(command);
        return (location, command);
    }

    static Argument<string> NameArgument(Command command)
    {
        var name = new Argument<string>("name") { Description = "the registered model's name" };
        command.Arguments.Add(name);
        return name;
    }

    static List<ModelVersion> Versions(IModelRegistryStore registry, string model, CancellationToken ct)
    {
        var versions = new List<ModelVersion>();
        string? token = null;
        do
        {
            var page = registry.SearchModelVersionsAsync($"name = {RunQuery.Quote(model, "name")}", 1000, ["version_number ASC"], token, ct).GetAwaiter().GetResult();
            versions.AddRange(page.Versions);
            token = page.NextPageToken;
        }
        while (token is not null);
        return versions;
    }

    static Dictionary<string, string>? Tags(string[]? pairs)
    {
        if (pairs is not { Length: > 0 }) return null;
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new QuarryException(ErrorCode.InvalidParameter, $"Option '--tag {pair}' is invalid: expected KEY=VALUE (e.g. --tag team=quant).");
            tags[pair[..eq]] = pair[(eq + 1)..];
        }
        return tags;
    }

    static int WithRegistry(TrackingInputs location, ParseResult parse, Action<IModelRegistryStore> body) =>
        WithRegistry(location, parse, (registry, _) => body(registry));

    /// <summary>
    /// Opens the registry beside the store the URI names (in the tracking database, or the tracking server's over REST)
    /// and runs <paramref name="body"/> with it and the resolved URI.
    /// </summary>
    static int WithRegistry(TrackingInputs location, ParseResult parse, Action<IModelRegistryStore, string> body)
    {
        var uri = location.ResolveUri(parse);
        var registry = TrackingStores.OpenRegistry(uri);
        try { body(registry, uri); }
        finally { (registry as IDisposable)?.Dispose(); }
        return Cli.Ok;
    }

    /// <summary>The artifact URI of the run (or of <paramref name="inside"/> it) in the tracking store <paramref name="uri"/> names.</summary>
    static string RunArtifactUri(string uri, string runId, string inside, CancellationToken ct)
    {
        var tracking = TrackingStores.Open(uri);
        try
        {
            var info = tracking.GetRunAsync(runId, ct).GetAwaiter().GetResult().Info;
            return inside.Length == 0 ? info.ArtifactUri : info.ArtifactUri.TrimEnd('/') + "/" + inside;
        }
        finally { (tracking as IDisposable)?.Dispose(); }
    }
}
