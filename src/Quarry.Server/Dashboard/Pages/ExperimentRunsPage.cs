using System.Globalization;
using Microsoft.AspNetCore.Http;
using Quarry.Core;
using Quarry.Server.Dashboard.Html;
using Quarry.Tracking;
using Quarry.Tracking.Research;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>
/// <c>/experiments/{id}</c>: one page of the experiment's runs (server-side paging with the store's page tokens, so the
/// cost is one page, not the experiment), with the chosen metric/param/tag columns, sorting by header (server-side
/// order_by), the MLflow filter box (a bad filter is shown inline with a caret at the parser's position), the count of
/// matching runs, selection for comparison and a CSV export of the same view. State: <see cref="RunsView"/>.
/// </summary>
internal static class ExperimentRunsPage
{
    /// <summary>What the page found: the runs of the page (empty on a bad query) and the problem, if any.</summary>
    sealed record Result(RunsPage Runs, long? Matching, string? Error);

    public static async Task<HtmlWriter> RenderAsync(DashboardServices s, string experimentId, HttpRequest request, CancellationToken ct)
    {
        var experiment = await s.Store.GetExperimentAsync(experimentId, ct).ConfigureAwait(false);
        var view = RunsView.From(experiment.ExperimentId, request);
        var result = await SearchAsync(s, view, ct).ConfigureAwait(false);
        var columns = RunColumns.Resolve(view, result.Runs.Runs);
        view = view with { Metrics = columns.Metrics, Params = columns.Params, Tags = columns.Tags };

        var h = new HtmlWriter();
        PageLayout.Begin(h, s, Section.Experiments, experiment.Name, Crumbs(experiment));
        Subtitle(h, experiment);
        FilterForm(h, view, result.Error);
        Toolbar(h, view, result, RunColumns.Available(result.Runs.Runs));
        h.Raw("<section class=\"panel\">");
        RunsTable.Write(h, view, columns, result.Runs.Runs, s.Now);
        RunsTable.Pager(h, view, result.Runs);
        h.Raw("</section>");
        PageLayout.End(h);
        return h;
    }

    /// <summary>The page of runs and the matching count, queried side by side on separate connections.</summary>
    static async Task<Result> SearchAsync(DashboardServices s, RunsView view, CancellationToken ct)
    {
        var runs = s.Store.SearchRunsAsync([view.ExperimentId], view.Filter, ViewType.ActiveOnly, view.Size,
            view.OrderBy is null ? null : [view.OrderBy], view.Page, ct);
        var matching = s.Queries.CountRunsAsync(view.ExperimentId, view.Filter, ct);
        try
        {
            await Task.WhenAll(runs, matching).ConfigureAwait(false);
            return new Result(await runs.ConfigureAwait(false), await matching.ConfigureAwait(false), null);
        }
        catch (QuarryException e) when (e.Code == ErrorCode.InvalidParameter)
        {
            return new Result(new RunsPage([], null), null, e.Message);
        }
    }

    static List<Crumb> Crumbs(Experiment e)
    {
        var crumbs = new List<Crumb> { new("Overview", "/"), new("Experiments", "/experiments") };
        if (ExperimentName.TryParse(e.Name, out var name, out _))
            crumbs.Add(new Crumb(name!.Project, Query.Build("/experiments", ("project", name.Project))));
        crumbs.Add(new Crumb(e.Name, null));
        return crumbs;
    }

    static void Subtitle(HtmlWriter h, Experiment e)
    {
        h.Add($"""<div class="sub page-sub"><span>experiment {e.ExperimentId}</span>""");
        foreach (var key in new[] { ResearchTags.Status, ResearchTags.Team })
            if (e.Tags.TryGetValue(key, out var value)) h.Add($"<span>{key} {value}</span>");
        if (e.LifecycleStage != LifecycleStage.Active) h.Add($"""<span class="badge st-failed">{e.LifecycleStage}</span>""");
        h.Add($"""<span class="mono">{e.ArtifactLocation}</span></div>""");
    }

    static void FilterForm(HtmlWriter h, RunsView view, string? error)
    {
        h.Add($"""<form class="bar" method="get" action="{"/experiments/" + view.ExperimentId}" id="filter-form">""");
        h.Add($"""<input class="filter" type="search" name="filter" value="{view.Filter ?? ""}" placeholder="metrics.sharpe > 1 and params.fast = '10' and tags.symbol = 'SPY'" aria-label="MLflow filter" spellcheck="false" autocomplete="off">""");
        Hidden(h, view with { Filter = null, Page = null, Trail = [] });
        h.Raw("<button type=\"submit\" class=\"primary\">Search</button>");
        if (view.Filter is not null) h.Add($"""<a class="btn" href="{(view with { Filter = null }).FirstPage.Href()}" data-keep-sel>Clear</a>""");
        h.Raw("</form>\n");
        if (error is not null) FilterErrorBox.Write(h, error, view.Filter, view.OrderBy);
    }

    /// <summary>Hidden inputs carrying the parts of the view a form does not edit.</summary>
    public static void Hidden(HtmlWriter h, RunsView view)
    {
        foreach (var (name, value) in new[]
                 {
                     ("filter", view.Filter), ("order_by", view.OrderBy), ("metrics", Join(view.Metrics)), ("params", Join(view.Params)),
                     ("tags", Join(view.Tags)), ("size", view.Size == RunsView.DefaultSize ? null : view.Size.ToString(CultureInfo.InvariantCulture)),
                 })
            if (value is not null) h.Add($"""<input type="hidden" name="{name}" value="{value}">""");
        h.Add($"""<input type="hidden" name="sel" value="{string.Join(',', view.Selected)}" data-keep-sel>""");
    }

    static string? Join(IReadOnlyList<string>? keys) => keys is null ? null : string.Join(',', keys);

    static void Toolbar(HtmlWriter h, RunsView view, Result result, RunColumns available)
    {
        h.Raw("<div class=\"toolbar\"><div class=\"left\"><span class=\"count\" id=\"run-count\">");
        int shown = result.Runs.Runs.Count;
        if (result.Matching is { } n)
            h.Text(shown == 0 ? $"No runs match ({Display.Count(n)})" : $"Runs {Display.Count(view.Offset + 1)}–{Display.Count(view.Offset + shown)} of {Display.Count(n)}{(view.Filter is null ? "" : " matching")}");
        h.Raw("</span></div><div class=\"right\">");
        h.Add($"""<button type="submit" form="select-runs" class="primary" data-compare>Compare selected ({view.Selected.Count})</button>""");
        h.Add($"""<a class="btn" href="{view.FirstPage.Href($"/experiments/{view.ExperimentId}/runs.csv")}" download data-keep-sel id="export-csv">Export CSV</a>""");
        ColumnChooser(h, view, available);
        h.Raw("</div></div>\n");
    }

    static void ColumnChooser(HtmlWriter h, RunsView view, RunColumns available)
    {
        h.Add($"""<details class="columns"><summary class="btn">Columns</summary><div class="popover"><form method="get" action="{"/experiments/" + view.ExperimentId}" id="columns-form">""");
        Hidden(h, view with { Metrics = null, Params = null, Tags = null });
        foreach (var (name, label, chosen, keys) in new[]
                 {
                     ("metrics", "Metrics", view.Metrics!, available.Metrics), ("params", "Params", view.Params!, available.Params),
                     ("tags", "Tags", view.Tags!, available.Tags),
                 })
        {
            h.Add($"""<label>{label} (comma-separated keys)<input type="text" name="{name}" value="{string.Join(',', chosen)}" spellcheck="false"></label><div class="chips">""");
            foreach (var key in keys.Take(200)) h.Add($"""<button type="button" class="chip" data-target="{name}" data-key="{key}">{key}</button>""");
            h.Raw("</div>");
        }
        h.Raw("<p class=\"hint\">Chips are the keys of the runs on this page; any key can be typed.</p><button type=\"submit\" class=\"primary\">Show columns</button></form></div></details>");
    }
}
