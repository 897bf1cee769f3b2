using Quarry.Server.Dashboard.Data;
using Quarry.Tracking;
using Quarry.Tracking.Research;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>One node of the experiments tree: a level of <c>Project.AssetClass.StrategyFamily.Strategy</c> or an experiment.</summary>
internal sealed class ExperimentTreeNode(string name, string level)
{
    /// <summary>The part of the name at this level ("Alpha", "Equities", …), or the experiment's whole name for a leaf outside the hierarchy.</summary>
    public string Name { get; } = name;

    /// <summary>"project", "asset class", "strategy family", or "" for an experiment.</summary>
    public string Level { get; } = level;

    /// <summary>The experiment, for a leaf.</summary>
    public Experiment? Experiment { get; init; }

    /// <summary>Child nodes, in name order.</summary>
    public SortedDictionary<string, ExperimentTreeNode> Children { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Active runs under this node.</summary>
    public long Runs { get; set; }

    /// <summary>The best value of the chosen metric under this node, or null when no run has it.</summary>
    public double? Best { get; set; }
}

/// <summary>
/// Groups experiments into the research hierarchy (<see cref="ExperimentName"/>): project → asset class → strategy
/// family → strategy; names outside it go to an "Other experiments" group. Run counts and the best value of a metric
/// are summed and chosen up the tree.
/// </summary>
internal static class ExperimentTree
{
    public const string OtherGroup = "Other experiments";
    static readonly string[] Levels = ["project", "asset class", "strategy family"];

    /// <summary>The tree's top level, projects first (by name), then the "Other experiments" group when it has members.</summary>
    public static IReadOnlyList<ExperimentTreeNode> Build(IEnumerable<Experiment> experiments, IReadOnlyDictionary<string, ExperimentStats> stats, string? metric)
    {
        var root = new ExperimentTreeNode("", "");
        var other = new ExperimentTreeNode(OtherGroup, "");
        foreach (var e in experiments)
        {
            stats.TryGetValue(e.ExperimentId, out var s);
            double? best = metric is not null && s is { Min: { } min, Max: { } max } ? MetricDirection.BestOfRange(metric, min, max) : null;
            var path = new List<ExperimentTreeNode>();
            ExperimentTreeNode leaf;
            if (ExperimentName.TryParse(e.Name, out var name, out _))
            {
                var node = root;
                string[] parts = [name!.Project, name.AssetClass, name.StrategyFamily];
                for (int i = 0; i < parts.Length; i++)
                {
                    if (!node.Children.TryGetValue(parts[i], out var child)) node.Children[parts[i]] = child = new ExperimentTreeNode(parts[i], Levels[i]);
                    path.Add(child);
                    node = child;
                }
                leaf = new ExperimentTreeNode(name.Strategy, "") { Experiment = e };
                node.Children[name.Strategy + "\u0000" + e.ExperimentId] = leaf;
            }
            else
            {
                path.Add(other);
                leaf = new ExperimentTreeNode(e.Name, "") { Experiment = e };
                other.Children[e.Name + "\u0000" + e.ExperimentId] = leaf;
            }
            path.Add(leaf);
            foreach (var n in path) Accumulate(n, s?.Runs ?? 0, best, metric);
        }
        var top = root.Children.Values.ToList();
        if (other.Children.Count > 0) top.Add(other);
        return top;
    }

    static void Accumulate(ExperimentTreeNode node, long runs, double? best, string? metric)
    {
        node.Runs += runs;
        if (best is { } b && (node.Best is not { } current || MetricDirection.IsBetter(metric!, b, current))) node.Best = b;
    }
}
