using Microsoft.AspNetCore.Http;
using Quarry.Core;
using Quarry.Server.Dashboard.Html;
using Quarry.Tracking.Registry;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>
/// <c>/models</c>: one page of the registered models (the store's search with its page tokens) with their description,
/// the latest version in each stage with its badge, aliases and last update; a search box in the registry's filter
/// grammar (<c>name LIKE '%sma%'</c>, <c>tags.team = 'a'</c>; a bad filter is shown inline with a caret) and sorting
/// by name or last update. State in the URL: <c>filter</c>, <c>order_by</c>, <c>page</c> with <c>trail</c>.
/// </summary>
internal static class ModelsPage
{
    public const int PageSize = 50;
    const string DefaultOrder = "last_updated_timestamp DESC";

    /// <summary>The view a request asks for.</summary>
    sealed record View(string? Filter, string? OrderBy, string? Page, IReadOnlyList<string> Trail)
    {
        public string Href(string? page = null, IReadOnlyList<string>? trail = null, string? orderBy = "") => Query.Build("/models",
            ("filter", Filter), ("order_by", orderBy == "" ? OrderBy : orderBy), ("page", page),
            ("trail", trail is null || trail.Count == 0 ? null : string.Join(',', trail)));
    }

    public static async Task<HtmlWriter> RenderAsync(DashboardServices s, IModelRegistryStore registry, HttpRequest request, CancellationToken ct)
    {
        string? page = Query.Get(request, "page");
        var view = new View(Query.Get(request, "filter"), Query.Get(request, "order_by"), page, page is null ? [] : Query.List(request, "trail") ?? []);
        RegisteredModelsPage models;
        string? error = null;
        try
        {
            models = await registry.SearchRegisteredModelsAsync(view.Filter, PageSize, [view.OrderBy ?? DefaultOrder], view.Page, ct).ConfigureAwait(false);
        }
        catch (QuarryException e) when (e.Code == ErrorCode.InvalidParameter)
        {
            models = new RegisteredModelsPage([], null);
            error = e.Message;
        }

        var h = new HtmlWriter();
        PageLayout.Begin(h, s, Section.Models, "Models", [new Crumb("Overview", "/"), new Crumb("Models", null)]);
        SearchForm(h, view, error);
        h.Raw("<section class=\"panel\">");
        Count(h, view, models);
        Table(h, view, models.Models, s.Now);
        Pager(h, view, models.NextPageToken);
        h.Raw("</section>");
        PageLayout.End(h);
        return h;
    }

    static void SearchForm(HtmlWriter h, View view, string? error)
    {
        h.Raw("<form class=\"bar\" method=\"get\" action=\"/models\" id=\"filter-form\">");
        h.Add($"""<input class="filter" type="search" name="filter" value="{view.Filter ?? ""}" placeholder="name LIKE '%sma%' and tags.team = 'quant-a'" aria-label="Registry filter" spellcheck="false" autocomplete="off">""");
        if (view.OrderBy is not null) h.Add($"""<input type="hidden" name="order_by" value="{view.OrderBy}">""");
        h.Raw("<button type=\"submit\" class=\"primary\">Search</button>");
        if (view.Filter is not null) h.Add($"""<a class="btn" href="{(view with { Filter = null }).Href()}">Clear</a>""");
        h.Raw("</form>\n");
        if (error is not null) FilterErrorBox.Write(h, error, view.Filter, view.OrderBy);
    }

    static void Count(HtmlWriter h, View view, RegisteredModelsPage models)
    {
        long first = (view.Page is null ? 0 : view.Trail.Count + 1L) * PageSize;
        int shown = models.Models.Count;
        h.Raw("<div class=\"toolbar\"><span class=\"count\" id=\"model-count\">");
        h.Text(shown == 0 ? (view.Filter is null ? "No registered models yet" : "No models match")
            : $"Models {Display.Count(first + 1)}–{Display.Count(first + shown)}{(models.NextPageToken is null ? "" : " (more on the next page)")}");
        h.Raw("</span></div>");
    }

    static void Table(HtmlWriter h, View view, IReadOnlyList<RegisteredModel> models, long now)
    {
        if (models.Count == 0) return;
        h.Raw("<div class=\"tbl-scroll\"><table id=\"models\"><thead><tr>");
        SortHeader(h, view, "Name", "name", "ASC", "");
        h.Raw("<th>Description</th><th>Latest versions</th><th>Aliases</th>");
        SortHeader(h, view, "Last updated", "last_updated_timestamp", "DESC", "num");
        h.Raw("</tr></thead><tbody>");
        foreach (var m in models)
        {
            h.Add($"""<tr data-model="{m.Name}"><td><a class="run-link" href="{RegistryComponents.ModelHref(m.Name)}">{m.Name}</a></td><td class="wrap desc">{m.Description ?? ""}</td><td class="versions">""");
            foreach (var v in m.LatestVersions)
            {
                h.Add($"""<span class="ver"><a href="{RegistryComponents.ModelHref(m.Name, v.Version)}">v{v.Version}</a> """);
                RegistryComponents.StageBadge(h, v.CurrentStage);
                h.Raw("</span>");
            }
            h.Raw("</td><td class=\"aliases\">");
            foreach (var (alias, version) in m.Aliases.OrderBy(a => a.Key, StringComparer.Ordinal)) RegistryComponents.AliasChip(h, m.Name, alias, version);
            h.Add($"""</td><td class="num" title="{Display.ExactTime(m.LastUpdatedTimestamp)}">{Display.Ago(m.LastUpdatedTimestamp, now)}</td></tr>""");
        }
        h.Raw("</tbody></table></div>");
    }

    /// <summary>A header linking to the view ordered by <paramref name="key"/>; a second click reverses the order.</summary>
    static void SortHeader(HtmlWriter h, View view, string text, string key, string firstDirection, string css)
    {
        string current = view.OrderBy ?? DefaultOrder;
        bool sorted = current.StartsWith(key + " ", StringComparison.Ordinal) || current == key;
        bool descending = current.EndsWith(" DESC", StringComparison.OrdinalIgnoreCase);
        string next = sorted ? (descending ? "ASC" : "DESC") : firstDirection;
        string sort = sorted ? $" aria-sort=\"{(descending ? "descending" : "ascending")}\"" : "";
        h.Add($"""<th class="{css}"{new RawHtml(sort)}><a href="{view.Href(orderBy: key + " " + next)}">{text}</a></th>""");
    }

    static void Pager(HtmlWriter h, View view, string? next)
    {
        if (view.Page is null && next is null) return;
        h.Raw("<div class=\"pager\">");
        if (view.Page is not null)
        {
            var trail = view.Trail;
            string previous = trail.Count == 0 ? view.Href() : view.Href(trail[^1], [.. trail.Take(trail.Count - 1)]);
            h.Add($"""<a class="btn" href="{previous}" id="prev-page">← Previous</a>""");
        }
        if (next is not null)
            h.Add($"""<a class="btn" href="{view.Href(next, view.Page is null ? [] : [.. view.Trail, view.Page])}" id="next-page">Next →</a>""");
        h.Raw("</div>");
    }
}
