using Quarry.Tracking.Search;

namespace Quarry.Tracking.Tests.Search;

internal static class SearchScenarioHelpers
{
    public static Dictionary<string, string> Map(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    public static Dictionary<string, double> Metrics(params (string Key, double Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    /// <summary>The ids of the runs matching <paramref name="filter"/>, in input order.</summary>
    public static string[] Ids(IEnumerable<RunView> runs, string filter) =>
        [.. SearchFilter.Parse(filter).Filter(runs).Select(r => r.RunId)];

    /// <summary>Filter then sort, like a store's search: the ids in result order.</summary>
    public static string[] SearchIds(IEnumerable<RunView> runs, string filter, params string[] orderBy) =>
        [.. OrderBy.Sort(SearchFilter.Parse(filter).Filter(runs), OrderBy.Parse(orderBy)).Select(r => r.RunId)];

    /// <summary>Sort only; returns a projection of each run so names or ids can be asserted.</summary>
    public static string[] Sorted(IEnumerable<RunView> runs, Func<RunView, string> project, params string[] orderBy) =>
        [.. OrderBy.Sort(runs, OrderBy.Parse(orderBy)).Select(project)];
}
