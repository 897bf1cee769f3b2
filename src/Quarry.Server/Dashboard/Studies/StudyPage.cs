using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Quarry.Optimization;
using Quarry.Server.Api;
using Quarry.Server.Dashboard.Data;
using Quarry.Server.Dashboard.Html;

namespace Quarry.Server.Dashboard.Studies;

/// <summary>
/// <c>/studies/{name}</c>: one study — cards, the value of every trial with the best-so-far line (pruned and failed
/// trials marked), parameter importance (fANOVA, <see cref="Optimization.Importance.ParameterImportance"/>), parallel
/// coordinates, one slice plot per parameter, the trials table (sorted and paged by the URL: <c>?sort=&amp;dir=&amp;page=</c>)
/// and the study's user attributes. While trials run, studies.js polls <c>GET /api/quarry/studies/{name}</c> and reloads
/// the page (same URL) when trials were added or finished. Unknown names are a 404 naming the known studies.
/// </summary>
internal static class StudyPage
{
    /// <summary>How often a page with running trials asks whether anything changed.</summary>
    public const int PollMilliseconds = 2000;

    public static HtmlWriter Render(DashboardServices s, string name, HttpRequest request)
    {
        var study = s.Studies.Get(name);
        var summary = study.Summary;
        var parameters = ParameterNames(study);
        var h = new HtmlWriter();
        PageLayout.Begin(h, s, Section.Studies, study.Info.Name, [new Crumb("Overview", "/"), new Crumb("Studies", "/studies"), new Crumb(study.Info.Name, null)]);
        Head(h, s, study, parameters.Count);
        StudyCharts.Write(h, study, parameters);
        h.Raw("<div class=\"layout study-layout\"><div class=\"col-main\">");
        TrialsTable.Write(h, study, parameters, request);
        h.Raw("</div><aside class=\"col-side\">");
        Attributes(h, study.UserAttributes);
        h.Raw("</aside></div>");
        h.Add($"""<script src="{s.Assets.Url("studies.js")}" defer></script>""");
        PageLayout.End(h);
        return h;
    }

    /// <summary>The parameters the page shows, most important first, then the others by name.</summary>
    public static IReadOnlyList<string> ParameterNames(StudyDetail study)
    {
        var all = study.Trials.SelectMany(t => t.Params.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return [.. study.Importance.Keys.Where(all.Contains), .. all.Where(p => !study.Importance.ContainsKey(p))];
    }

    static void Head(HtmlWriter h, DashboardServices s, StudyDetail study, int parameters)
    {
        var x = study.Summary;
        int finished = x.Complete + x.Pruned + x.Failed;
        // The poller compares these with the API's answer; only a page with running trials or an importance being fitted polls.
        string poll = x.IsRunning || study.ImportancePending
            ? $" data-poll=\"{HtmlWriter.Encode(QuarryApi.Prefix + StudyDisplay.Href(study.Info.Name))}\" data-interval=\"{PollMilliseconds}\" data-trials=\"{x.Total}\" data-finished=\"{finished}\"" +
              $" data-running=\"{(x.IsRunning ? "true" : "false")}\" data-importance=\"{(study.ImportancePending ? "pending" : "ready")}\""
            : "";
        h.Add($"""<div class="sub page-sub" id="study-head"{new RawHtml(poll)}><span>{StudyDisplay.Direction(study.Info.Direction)}</span><span>{Display.Count(x.Total)} trials</span><span>{parameters} parameters</span>""");
        if (x.IsRunning)
        {
            h.Raw("<span>");
            StudyDisplay.RunningBadge(h, x.Running);
            h.Raw(" <span class=\"hint\" id=\"live\">live: refreshes while trials run</span></span>");
        }
        if (x.LastActivity is { } last) h.Add($"""<span>last activity {Display.Ago(StudyDisplay.Ms(last), s.Now)}</span>""");
        h.Raw("</div>\n<div class=\"cards\">");
        Components.Card(h, "Trials", Display.Count(x.Total), x.Waiting > 0 ? $"{Display.Count(x.Waiting)} waiting" : null, id: "trials");
        Components.Card(h, "Complete", Display.Count(x.Complete), id: "complete");
        Components.Card(h, "Pruned", Display.Count(x.Pruned), id: "pruned");
        Components.Card(h, "Failed", Display.Count(x.Failed), id: "failed");
        Components.Card(h, "Running", Display.Count(x.Running), x.IsRunning ? "workers busy" : "idle", id: "running");
        if (x.Best is { Value: { } best } b)
            Components.Card(h, "Best value", Display.Number(best), $"trial #{b.Number}", TrialsTable.TrialHref(study.Info.Name, b.Number), "best");
        else Components.Card(h, "Best value", "—", "no Complete trial yet", id: "best");
        h.Raw("</div>\n");
    }

    static void Attributes(HtmlWriter h, IReadOnlyDictionary<string, string> attributes)
    {
        PageLayout.PanelStart(h, $"User attributes ({attributes.Count})", "set by the study's creator, e.g. quarry.args", "attributes");
        if (attributes.Count == 0) h.Raw("<p class=\"empty\">No user attributes.</p>");
        else
        {
            h.Raw("<table class=\"kv\" id=\"study-attributes\"><tbody>");
            foreach (var (key, json) in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
                h.Add($"""<tr data-key="{key}"><td>{key}</td><td class="value">{Readable(json)}</td></tr>""");
            h.Raw("</tbody></table>");
        }
        PageLayout.PanelEnd(h);
    }

    /// <summary>A JSON attribute as a person reads it: a string without quotes, an array of strings joined by spaces (command-line arguments), else the JSON.</summary>
    static string Readable(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.String) return root.GetString() ?? "";
            if (root.ValueKind == JsonValueKind.Array && root.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
                return string.Join(' ', root.EnumerateArray().Select(e => e.GetString()));
        }
        catch (JsonException) { }
        return json;
    }
}
