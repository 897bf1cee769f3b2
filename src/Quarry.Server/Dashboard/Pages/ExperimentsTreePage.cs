using Microsoft.AspNetCore.Http;
using Quarry.Server.Dashboard.Data;
using Quarry.Server.Dashboard.Html;
using Quarry.Tracking;
using Quarry.Tracking.Research;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>
/// <c>/experiments</c>: the <c>Project.AssetClass.StrategyFamily.Strategy</c> hierarchy as a collapsible tree, with
/// filters on the research tags (<c>?project=&amp;asset_class=&amp;family=&amp;team=&amp;status=</c>, matched
/// case-insensitively; the name's parts stand in for missing tags), each node's active run count and the best value of
/// <c>?metric=</c> (default <c>sharpe</c>; direction from <see cref="MetricDirection"/>). Two aggregate queries,
/// whatever the number of runs.
/// </summary>
internal static class ExperimentsTreePage
{
    public const string DefaultMetric = "sharpe";

    static readonly (string Param, string Tag, string Label)[] Filters =
    [
        ("project", ResearchTags.Project, "Project"), ("asset_class", ResearchTags.AssetClass, "Asset class"),
        ("family", ResearchTags.StrategyFamily, "Family"), ("team", ResearchTags.Team, "Team"), ("status", ResearchTags.Status, "Status"),
    ];

    public static async Task<HtmlWriter> RenderAsync(DashboardServices s, HttpRequest request, CancellationToken ct)
    {
        string metric = Query.Get(request, "metric") ?? DefaultMetric;
        var chosen = Filters.Select(f => Query.Get(request, f.Param)).ToArray();
        var all = await s.Store.ListExperimentsAsync(cancellationToken: ct).ConfigureAwait(false);
        var stats = await s.Queries.ExperimentStatsAsync(metric, ct).ConfigureAwait(false);
        var shown = all.Where(e => Filters.Select((f, i) => chosen[i] is not { } want
            || string.Equals(TagOf(e, f.Tag), want, StringComparison.OrdinalIgnoreCase)).All(ok => ok)).ToList();
        var tree = ExperimentTree.Build(shown, stats, metric);

        var h = new HtmlWriter();
        PageLayout.Begin(h, s, Section.Experiments, "Experiments", [new Crumb("Overview", "/"), new Crumb("Experiments", null)]);
        FilterForm(h, all, chosen, metric);
        long runs = shown.Sum(e => stats.TryGetValue(e.ExperimentId, out var st) ? st.Runs : 0);
        PageLayout.PanelStart(h, $"{Display.Count(shown.Count)} of {Display.Count(all.Count)} experiments · {Display.Count(runs)} runs",
            $"best {metric}: {MetricDirection.Describe(metric)}; click a level to fold it");
        if (tree.Count == 0) h.Raw("<p class=\"empty\">No experiments match these filters.</p>");
        else
        {
            h.Add($"""<div class="tree-head"><span>Experiment</span><span>Runs</span><span>Best {metric}</span></div><div class="tree" id="tree">""");
            foreach (var node in tree) Node(h, node, metric);
            h.Raw("</div>");
        }
        PageLayout.PanelEnd(h);
        PageLayout.End(h);
        return h;
    }

    /// <summary>The experiment's value for a research tag: the tag, else the matching part of its name.</summary>
    static string? TagOf(Experiment e, string tag)
    {
        if (e.Tags.TryGetValue(tag, out var value)) return value;
        if (!ExperimentName.TryParse(e.Name, out var name, out _)) return null;
        return tag switch
        {
            ResearchTags.Project => name!.Project,
            ResearchTags.AssetClass => name!.AssetClass,
            ResearchTags.StrategyFamily => name!.StrategyFamily,
            _ => null,
        };
    }

    static void FilterForm(HtmlWriter h, IReadOnlyList<Experiment> all, string?[] chosen, string metric)
    {
        h.Raw("<form class=\"bar\" method=\"get\" action=\"/experiments\" id=\"experiment-filters\">");
        for (int i = 0; i < Filters.Length; i++)
        {
            var (param, tag, label) = Filters[i];
            var values = all.Select(e => TagOf(e, tag)).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase);
            h.Add($"""<label>{label} <select name="{param}"><option value="">All</option>""");
            foreach (var v in values)
                h.Add($"""<option value="{v}"{new RawHtml(string.Equals(v, chosen[i], StringComparison.OrdinalIgnoreCase) ? " selected" : "")}>{v}</option>""");
            h.Raw("</select></label>");
        }
        h.Add($"""<label>Best of <input type="text" name="metric" value="{metric}" list="metric-keys" size="14"></label><datalist id="metric-keys">""");
        foreach (var k in Components.KeyMetrics) h.Add($"""<option value="{k}">""");
        h.Raw("</datalist><button type=\"submit\" class=\"primary\">Apply</button><a class=\"btn\" href=\"/experiments\">Reset</a></form>\n");
    }

    static void Node(HtmlWriter h, ExperimentTreeNode node, string metric)
    {
        if (node.Experiment is { } e)
        {
            Leaf(h, node, e, metric);
            return;
        }
        h.Add($"""<details open data-node="{node.Name}"><summary><span class="name">{node.Name}<span class="level">{node.Level}</span></span><span class="n">{Display.Count(node.Runs)}</span><span class="best">{Best(node.Best)}</span></summary><div class="children">""");
        foreach (var child in node.Children.Values) Node(h, child, metric);
        h.Raw("</div></details>");
    }

    static void Leaf(HtmlWriter h, ExperimentTreeNode node, Experiment e, string metric)
    {
        h.Add($"""<div class="leaf" data-experiment="{e.ExperimentId}"><span class="name"><a href="/experiments/{e.ExperimentId}">{node.Name}</a> """);
        if (e.Tags.TryGetValue(ResearchTags.Status, out var status)) h.Add($"""<span class="badge st-{status.ToLowerInvariant()}">{status}</span> """);
        if (e.Tags.TryGetValue(ResearchTags.Team, out var team)) h.Add($"""<span class="tagchip">{team}</span>""");
        h.Add($"""</span><span class="n">{Display.Count(node.Runs)}</span><span class="best">""");
        if (node.Best is { } best)
        {
            string href = Query.Build("/experiments/" + e.ExperimentId, ("order_by", SearchSyntax.Order("metrics", metric, MetricDirection.BestFirstDescending(metric, best))));
            h.Add($"""<a href="{href}" title="runs ordered by {metric}"><b>{Display.Number(best)}</b></a>""");
        }
        else h.Raw("<span class=\"faint\">—</span>");
        h.Raw("</span></div>");
    }

    static string Best(double? best) => best is { } b ? Display.Number(b) : "—";
}
