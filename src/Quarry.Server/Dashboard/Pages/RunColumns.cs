using Quarry.Server.Dashboard.Html;
using Quarry.Tracking;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>The metric, param and tag columns of a runs table.</summary>
/// <param name="Metrics">Metric keys.</param>
/// <param name="Params">Param keys.</param>
/// <param name="Tags">Tag keys.</param>
internal sealed record RunColumns(IReadOnlyList<string> Metrics, IReadOnlyList<string> Params, IReadOnlyList<string> Tags)
{
    const int DefaultMetrics = 6, DefaultParams = 4;

    /// <summary>
    /// The view's chosen columns; for a group it leaves out, defaults from the runs shown: the usual research metrics
    /// (<see cref="Components.KeyMetrics"/>) they have, topped up alphabetically to six; their first four params; no tags.
    /// Only the keys on screen are looked at, so an experiment with thousands of metric keys stays cheap.
    /// </summary>
    public static RunColumns Resolve(RunsView view, IReadOnlyList<Run> runs)
    {
        var available = Available(runs);
        var metrics = view.Metrics ?? [.. Components.KeyMetrics.Where(available.Metrics.Contains)
            .Concat(available.Metrics.Where(k => !Components.KeyMetrics.Contains(k))).Take(DefaultMetrics)];
        return new RunColumns(metrics, view.Params ?? [.. available.Params.Take(DefaultParams)], view.Tags ?? []);
    }

    /// <summary>The keys the runs have, each group in ordinal order; system tags (<c>mlflow.*</c>) left out.</summary>
    public static RunColumns Available(IReadOnlyList<Run> runs)
    {
        var metrics = new SortedSet<string>(StringComparer.Ordinal);
        var @params = new SortedSet<string>(StringComparer.Ordinal);
        var tags = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            foreach (var m in run.Data.LatestMetrics) metrics.Add(m.Key);
            foreach (var p in run.Data.Params) @params.Add(p.Key);
            foreach (var t in run.Data.Tags)
                if (!t.Key.StartsWith("mlflow.", StringComparison.Ordinal)) tags.Add(t.Key);
        }
        return new RunColumns([.. metrics], [.. @params], [.. tags]);
    }

    /// <summary>The value of param <paramref name="key"/>, or null.</summary>
    public static string? Param(Run run, string key) => run.Data.Params.FirstOrDefault(p => p.Key == key)?.Value;

    /// <summary>The value of tag <paramref name="key"/>, or null.</summary>
    public static string? Tag(Run run, string key) => run.Data.Tags.FirstOrDefault(t => t.Key == key)?.Value;
}
