using Quarry.Core;

namespace Quarry.Tracking.Research;

/// <summary>The experiment tags that organise research, and their validation.</summary>
public static class ResearchTags
{
    /// <summary>Project tag key.</summary>
    public const string Project = "project";

    /// <summary>Asset class tag key.</summary>
    public const string AssetClass = "asset_class";

    /// <summary>Strategy family tag key.</summary>
    public const string StrategyFamily = "strategy_family";

    /// <summary>Strategy tag key.</summary>
    public const string Strategy = "strategy";

    /// <summary>Team tag key.</summary>
    public const string Team = "team";

    /// <summary>Status tag key (research, testing, production, archived).</summary>
    public const string Status = "status";

    /// <summary>The tag value of a status: "research", "testing", "production" or "archived".</summary>
    public static string ToTag(this ResearchStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>Parses a status tag value (case-insensitive).</summary>
    /// <exception cref="QuarryException">Not one of the four statuses.</exception>
    public static ResearchStatus ParseStatus(string value) =>
        Enum.TryParse<ResearchStatus>(value, ignoreCase: true, out var status) && Enum.IsDefined(status) && !int.TryParse(value, out _)
            ? status
            : throw new QuarryException(ErrorCode.InvalidParameter, $"Status '{value}' is invalid: expected research, testing, production or archived.");

    /// <summary>
    /// All research tags of an experiment: those implied by its name, plus team and status (research when not given).
    /// </summary>
    public static IReadOnlyDictionary<string, string> For(ExperimentName name, string? team = null, ResearchStatus status = ResearchStatus.Research)
    {
        var tags = new Dictionary<string, string>(name.Tags(), StringComparer.Ordinal) { [Status] = status.ToTag() };
        if (!string.IsNullOrWhiteSpace(team)) tags[Team] = team;
        return tags;
    }
}
