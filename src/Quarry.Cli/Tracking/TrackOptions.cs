using System.CommandLine;
using System.Text.RegularExpressions;
using Quarry.Core;
using Quarry.Tracking.Research;

namespace Quarry.Cli.Tracking;

/// <summary>The `backtest --track` options: the experiment (a name, or its parts) and the team.</summary>
internal sealed partial class TrackOptions
{
    public Option<bool> Track { get; } = new("--track") { Description = "record the run (params, metrics, artifacts) in the tracking store" };
    public Option<string> Experiment { get; } = new("--experiment") { Description = "experiment name Project.AssetClass.StrategyFamily.Strategy (with --track)" };
    public Option<string> Project { get; } = new("--project") { Description = "project part of the experiment name (with --track)" };
    public Option<string> AssetClass { get; } = new("--asset-class") { Description = "asset class part of the experiment name (with --track)" };
    public Option<string> StrategyFamily { get; } = new("--strategy-family") { Description = "strategy family part of the experiment name (with --track)" };
    public Option<string> Team { get; } = new("--team") { Description = "team tag of a new experiment (with --track)" };
    public TrackingInputs Location { get; } = new();

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Track, Experiment, Project, AssetClass, StrategyFamily, Team }) command.Options.Add(option);
        Location.AddTo(command);
    }

    /// <summary>The validated experiment name, built from its parts when --experiment is not given.</summary>
    public ExperimentName Name(ParseResult parse, string strategy)
    {
        if (parse.GetValue(Experiment) is { } name)
        {
            if (parse.GetValue(Project) is not null || parse.GetValue(AssetClass) is not null || parse.GetValue(StrategyFamily) is not null)
                throw new QuarryException(ErrorCode.InvalidParameter, "Give either --experiment or --project/--asset-class/--strategy-family, not both.");
            return ExperimentName.Parse(name);
        }
        var (project, asset, family) = (parse.GetValue(Project), parse.GetValue(AssetClass), parse.GetValue(StrategyFamily));
        if (project is null || asset is null || family is null)
            throw new QuarryException(ErrorCode.InvalidParameter,
                "--track needs --experiment NAME or all of --project, --asset-class and --strategy-family (e.g. --project Alpha --asset-class Equities --strategy-family Momentum).");
        return ExperimentName.Build(project, asset, family, StrategyPart(strategy));
    }

    /// <summary>A strategy name or file as a valid name part: the file's base name, other characters as '-'.</summary>
    public static string StrategyPart(string strategy)
    {
        var name = strategy.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) || strategy.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? Path.GetFileNameWithoutExtension(strategy) : strategy;
        name = Invalid().Replace(name, "-").Trim('-');
        return name.Length > 64 ? name[..64] : name;
    }

    [GeneratedRegex("[^A-Za-z0-9_-]+")]
    private static partial Regex Invalid();
}
