using System.Text.RegularExpressions;
using Quarry.Core;

namespace Quarry.Tracking.Research;

/// <summary>
/// An experiment name of the form <c>{Project}.{AssetClass}.{StrategyFamily}.{Strategy}</c>, e.g.
/// <c>Alpha.Equities.Momentum.SmaCross</c>. Each part is 1–64 characters of letters, digits, '_' or '-'; the dot
/// separates parts, so it cannot appear inside one.
/// </summary>
/// <param name="Project">Project, e.g. "Alpha".</param>
/// <param name="AssetClass">Asset class, e.g. "Equities".</param>
/// <param name="StrategyFamily">Strategy family, e.g. "Momentum".</param>
/// <param name="Strategy">Strategy, e.g. "SmaCross".</param>
public sealed partial record ExperimentName(string Project, string AssetClass, string StrategyFamily, string Strategy)
{
    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex PartPattern();

    static readonly string[] PartNames = ["project", "asset class", "strategy family", "strategy"];

    /// <summary>Builds a name, validating every part.</summary>
    /// <exception cref="QuarryException">A part is empty, too long or has a character other than letters, digits, '_' and '-'.</exception>
    public static ExperimentName Build(string project, string assetClass, string strategyFamily, string strategy)
    {
        string[] parts = [project, assetClass, strategyFamily, strategy];
        for (int i = 0; i < parts.Length; i++) Check(parts[i], PartNames[i], string.Join('.', parts));
        return new ExperimentName(project, assetClass, strategyFamily, strategy);
    }

    /// <summary>Parses <c>Project.AssetClass.StrategyFamily.Strategy</c>.</summary>
    /// <exception cref="QuarryException">Not four dot-separated valid parts.</exception>
    public static ExperimentName Parse(string name)
    {
        if (!TryParse(name, out var parsed, out var problem)) throw new QuarryException(ErrorCode.InvalidParameter, problem!);
        return parsed!;
    }

    /// <summary>Parses without throwing; <paramref name="problem"/> says what is wrong when it returns false.</summary>
    public static bool TryParse(string? name, out ExperimentName? parsed, out string? problem)
    {
        parsed = null;
        var parts = (name ?? "").Split('.');
        if (parts.Length != 4)
        {
            problem = $"Experiment name '{name}' has {parts.Length} part(s): expected Project.AssetClass.StrategyFamily.Strategy, e.g. Alpha.Equities.Momentum.SmaCross.";
            return false;
        }
        for (int i = 0; i < 4; i++)
        {
            problem = Problem(parts[i], PartNames[i], name!);
            if (problem is not null) return false;
        }
        problem = null;
        parsed = new ExperimentName(parts[0], parts[1], parts[2], parts[3]);
        return true;
    }

    /// <summary>The experiment tags implied by the name: project, asset_class, strategy_family, strategy.</summary>
    public IReadOnlyDictionary<string, string> Tags() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ResearchTags.Project] = Project, [ResearchTags.AssetClass] = AssetClass,
        [ResearchTags.StrategyFamily] = StrategyFamily, [ResearchTags.Strategy] = Strategy,
    };

    /// <summary>The dotted name.</summary>
    public override string ToString() => $"{Project}.{AssetClass}.{StrategyFamily}.{Strategy}";

    static void Check(string part, string what, string name)
    {
        if (Problem(part, what, name) is { } problem) throw new QuarryException(ErrorCode.InvalidParameter, problem);
    }

    static string? Problem(string part, string what, string name) =>
        PartPattern().IsMatch(part) ? null
        : part.Length == 0 ? $"Experiment name '{name}': the {what} is empty."
        : part.Length > 64 ? $"Experiment name '{name}': the {what} '{part[..20]}…' is longer than 64 characters."
        : $"Experiment name '{name}': the {what} '{part}' may only contain letters, digits, '_' and '-'.";
}
