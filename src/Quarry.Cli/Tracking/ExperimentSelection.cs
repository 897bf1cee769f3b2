using System.CommandLine;
using Quarry.Tracking;
using Quarry.Tracking.Research;

namespace Quarry.Cli.Tracking;

/// <summary>
/// Which experiments a command works on: named ones (--experiment, repeatable, name or id) and/or those whose research
/// tags match (--project, --asset-class, --strategy-family, --team, and the research status); every active experiment
/// when nothing is given.
/// </summary>
internal sealed class ExperimentSelection(string statusOption = "--research-status")
{
    public Option<string[]> Experiments { get; } = new("--experiment", "-e") { Description = "experiment name or id (repeatable; default: every active experiment)", AllowMultipleArgumentsPerToken = false };
    public Option<string> Project { get; } = new("--project") { Description = "only experiments tagged with this project" };
    public Option<string> AssetClass { get; } = new("--asset-class") { Description = "only experiments tagged with this asset class" };
    public Option<string> StrategyFamily { get; } = new("--strategy-family") { Description = "only experiments tagged with this strategy family" };
    public Option<string> Team { get; } = new("--team") { Description = "only experiments tagged with this team" };
    public Option<string> Status { get; } = new(statusOption) { Description = "only experiments in this research status: research, testing, production or archived" };

    public void AddTo(Command command, bool withExperiments = true)
    {
        if (withExperiments) command.Options.Add(Experiments);
        foreach (var option in new Option[] { Project, AssetClass, StrategyFamily, Team, Status }) command.Options.Add(option);
    }

    /// <summary>The experiment filter over the research tags, or null when none is given.</summary>
    public string? TagFilter(ParseResult parse)
    {
        var status = parse.GetValue(Status) is { } s ? ResearchTags.ParseStatus(s).ToTag() : null;
        return RunQuery.And(
            Tag(ResearchTags.Project, parse.GetValue(Project), "--project"),
            Tag(ResearchTags.AssetClass, parse.GetValue(AssetClass), "--asset-class"),
            Tag(ResearchTags.StrategyFamily, parse.GetValue(StrategyFamily), "--strategy-family"),
            Tag(ResearchTags.Team, parse.GetValue(Team), "--team"),
            Tag(ResearchTags.Status, status, statusOption));
    }

    /// <summary>The selected experiments (active unless <paramref name="includeDeleted"/>), in id order.</summary>
    public List<Experiment> Resolve(ITrackingStore store, ParseResult parse, CancellationToken ct, bool includeDeleted = false)
    {
        var named = parse.GetValue(Experiments) ?? [];
        var tagFilter = TagFilter(parse);
        List<Experiment> selected = named.Length > 0
            ? [.. named.Select(name => store.GetExperimentByNameAsync(name, ct).GetAwaiter().GetResult()
                ?? store.GetExperimentAsync(name, ct).GetAwaiter().GetResult())]
            : [.. store.ListExperimentsAsync(includeDeleted, ct).GetAwaiter().GetResult()];
        if (tagFilter is null) return selected;
        var matching = Search(store, tagFilter, includeDeleted ? ViewType.All : ViewType.ActiveOnly, ct).Select(e => e.ExperimentId).ToHashSet(StringComparer.Ordinal);
        return [.. selected.Where(e => matching.Contains(e.ExperimentId))];
    }

    static List<Experiment> Search(ITrackingStore store, string filter, ViewType view, CancellationToken ct)
    {
        var found = new List<Experiment>();
        string? token = null;
        do
        {
            var page = store.SearchExperimentsAsync(filter, view, 1000, ["experiment_id ASC"], token, ct).GetAwaiter().GetResult();
            found.AddRange(page.Experiments);
            token = page.NextPageToken;
        }
        while (token is not null);
        return found;
    }

    static string? Tag(string key, string? value, string option) =>
        string.IsNullOrWhiteSpace(value) ? null : $"tags.{key} = {RunQuery.Quote(value, option)}";
}
