using Microsoft.AspNetCore.Http;
using Quarry.Core;
using Quarry.Optimization;
using Quarry.Server.Dashboard.Data;
using Quarry.Server.Dashboard.Html;

namespace Quarry.Server.Dashboard.Studies;

/// <summary>
/// The study page's trials table: number, state, value, one column per parameter, duration and start, sorted on the
/// server by the header links (<c>?sort=number|state|value|duration|start|param.NAME&amp;dir=asc|desc</c>; trials without a
/// value or duration sort last) and paged by <c>?page=</c>, <see cref="PageSize"/> rows a page.
/// </summary>
internal static class TrialsTable
{
    /// <summary>Rows per page.</summary>
    public const int PageSize = 100;

    const string ParamPrefix = "param.";

    /// <summary>The link to a trial's row in the default order (by number), on its page.</summary>
    public static string TrialHref(string study, int number) =>
        Query.Build(StudyDisplay.Href(study), ("page", number >= PageSize ? (number / PageSize + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : null)) + "#trial-" + number;

    public static void Write(HtmlWriter h, StudyDetail study, IReadOnlyList<string> parameters, HttpRequest request)
    {
        string sort = Query.Get(request, "sort") ?? "number";
        bool descending = Query.Get(request, "dir") is { } dir ? Direction(dir) : false;
        var sorted = Sort(study.Trials, sort, descending, parameters);
        int pages = Math.Max(1, (sorted.Count + PageSize - 1) / PageSize);
        int page = Page(Query.Get(request, "page"), pages);
        string href = StudyDisplay.Href(study.Info.Name);

        PageLayout.PanelStart(h, $"Trials ({Display.Count(sorted.Count)})", "click a header to sort", "trials-panel");
        if (sorted.Count == 0)
        {
            h.Raw("<p class=\"empty\">No trials yet.</p>");
            PageLayout.PanelEnd(h);
            return;
        }
        h.Raw("<div class=\"tbl-scroll\"><table id=\"trials\"><thead><tr>");
        Header(h, href, "#", "number", sort, descending, true);
        Header(h, href, "State", "state", sort, descending, false);
        Header(h, href, "Value", "value", sort, descending, true);
        foreach (var p in parameters) Header(h, href, p, ParamPrefix + p, sort, descending, true, "col-param");
        Header(h, href, "Duration", "duration", sort, descending, true);
        Header(h, href, "Started", "start", sort, descending, false);
        h.Raw("</tr></thead><tbody>");
        long? best = study.Summary.Best?.TrialId;
        foreach (var t in sorted.Skip((page - 1) * PageSize).Take(PageSize))
        {
            h.Add($"""<tr id="trial-{t.Number}" data-trial="{t.Number}" data-state="{t.State.ToString()}"{new RawHtml(t.TrialId == best ? " class=\"best-trial\"" : "")}><td class="num">{t.Number}</td><td>""");
            StudyDisplay.Badge(h, t.State);
            if (t.Value is { } v) h.Add($"""</td><td class="num" data-v="{Components.Raw(v)}">{Display.Number(v)}</td>""");
            else h.Raw("</td><td class=\"num muted\">—</td>");
            foreach (var p in parameters)
                h.Add($"""<td class="num">{(t.Params.ContainsKey(p) ? StudyDisplay.Param(t, p) : "—")}</td>""");
            h.Add($"""<td class="num">{(StudyDisplay.DurationMs(t) is { } ms ? Display.Duration(0, ms) : "—")}</td>""");
            h.Add($"""<td>{(t.Start is { } s ? Display.Time(StudyDisplay.Ms(s)) : "—")}</td></tr>""");
        }
        h.Raw("</tbody></table></div>");
        if (pages > 1) Pager(h, href, sort, descending, page, pages);
        PageLayout.PanelEnd(h);
    }

    static bool Direction(string dir) => dir switch
    {
        "desc" => true,
        "asc" => false,
        _ => throw new QuarryException(ErrorCode.InvalidParameter, $"dir={dir} is not a sort direction (fix: asc or desc)."),
    };

    static int Page(string? text, int pages)
    {
        if (text is null) return 1;
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int page) || page < 1)
            throw new QuarryException(ErrorCode.InvalidParameter, $"page={text} is not a page number (fix: 1 to {pages}).");
        return Math.Min(page, pages);
    }

    /// <summary>The trials in the requested order; ties keep number order, missing keys sort last in both directions.</summary>
    public static IReadOnlyList<FrozenTrial> Sort(IReadOnlyList<FrozenTrial> trials, string sort, bool descending, IReadOnlyList<string> parameters)
    {
        if (sort == "number") return descending ? [.. trials.Reverse()] : trials;
        if (sort == "state") return [.. Ordered(trials, t => StudyDisplay.State(t.State).Text, descending)];
        Func<FrozenTrial, double?> key = sort switch
        {
            "value" => t => t.Value,
            "duration" => t => StudyDisplay.DurationMs(t),
            "start" => t => t.Start is { } s ? StudyDisplay.Ms(s) : null,
            _ when sort.StartsWith(ParamPrefix, StringComparison.Ordinal) && parameters.Contains(sort[ParamPrefix.Length..]) =>
                t => t.Params.TryGetValue(sort[ParamPrefix.Length..], out var v) ? v : null,
            _ => throw new QuarryException(ErrorCode.InvalidParameter,
                $"sort={sort} is not a trials column (fix: number, state, value, duration, start or {ParamPrefix}NAME with NAME one of: {string.Join(", ", parameters)})."),
        };
        var present = trials.Where(t => key(t) is { } k && !double.IsNaN(k));
        return [.. Ordered(present, t => key(t)!.Value, descending), .. trials.Where(t => key(t) is not { } k || double.IsNaN(k))];
    }

    static IEnumerable<FrozenTrial> Ordered<TKey>(IEnumerable<FrozenTrial> trials, Func<FrozenTrial, TKey> key, bool descending) =>
        descending ? trials.OrderByDescending(key).ThenBy(t => t.Number) : trials.OrderBy(key).ThenBy(t => t.Number);

    static void Header(HtmlWriter h, string href, string text, string key, string sort, bool descending, bool numeric, string css = "")
    {
        bool current = key == sort;
        // A numeric column's first click sorts descending (the largest first), a text column's ascending.
        bool nextDescending = current ? !descending : numeric && key != "number";
        string link = Query.Build(href, ("sort", key), ("dir", nextDescending ? "desc" : "asc"));
        string aria = current ? $" aria-sort=\"{(descending ? "descending" : "ascending")}\"" : "";
        h.Add($"""<th class="{new RawHtml(numeric ? "num " : "")}{css}"{new RawHtml(aria)} data-sort="{key}"><a href="{link}">{text}</a></th>""");
    }

    static void Pager(HtmlWriter h, string href, string sort, bool descending, int page, int pages)
    {
        string Link(int p) => Query.Build(href, ("sort", sort), ("dir", descending ? "desc" : "asc"), ("page", p.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        h.Add($"""<div class="pager" id="trials-pager"><span class="count">page {page} of {pages}</span>""");
        if (page > 1) h.Add($"""<a class="btn" href="{Link(page - 1)}" rel="prev">← previous</a>""");
        if (page < pages) h.Add($"""<a class="btn" href="{Link(page + 1)}" rel="next">next →</a>""");
        h.Raw("</div>");
    }
}
