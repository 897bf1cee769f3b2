using Quarry.Core;
using Quarry.Server.Dashboard.Html;
using Quarry.Tracking;
using Quarry.Tracking.Registry;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>
/// The selected version of <see cref="ModelPage"/>: its stage, source, description and tags, and its source run's latest
/// metrics and params. Importances are the source run's metrics named <c>importance.&lt;feature&gt;</c> (what
/// <c>Quarry.Optimization</c>'s parameter importances or a model's feature importances log), drawn as bars, largest
/// first; they are left out of the metrics table. A version without a run, or whose run was deleted, says so.
/// </summary>
internal static class ModelVersionPanel
{
    /// <summary>The prefix of the metrics shown as importances.</summary>
    public const string ImportancePrefix = "importance.";
    const int MaxImportances = 30, MaxRows = 500;

    public static async Task WriteAsync(HtmlWriter h, DashboardServices s, ModelVersion v, CancellationToken ct)
    {
        var run = v.RunId is { Length: > 0 } id ? await TryGetRunAsync(s, id, ct).ConfigureAwait(false) : null;
        h.Add($"""<section class="panel" id="version-panel" data-version="{v.Version}"><header><h2>Version {v.Version} """);
        RegistryComponents.StageBadge(h, v.CurrentStage);
        h.Add($"""</h2><span class="note">created {Display.Time(v.CreationTimestamp)}{(v.UserId is { Length: > 0 } u ? " by " + u : "")}</span></header>""");
        h.Raw("<table class=\"kv\" id=\"version-info\"><tbody>");
        h.Add($"""<tr><td class="key">source</td><td class="value">{v.Source}</td></tr>""");
        h.Add($"""<tr><td class="key">status</td><td class="value">{v.Status.ToString()}{(v.StatusMessage is { Length: > 0 } m ? " — " + m : "")}</td></tr>""");
        h.Raw("<tr><td class=\"key\">source run</td><td>");
        if (run is not null) Components.RunLink(h, run.Info);
        else if (v.RunId is { Length: > 0 }) h.Add($"""<span class="muted">{v.RunId} (not in this store)</span>""");
        else h.Raw("<span class=\"muted\">none</span>");
        h.Raw("</td></tr>");
        if (v.Description is { Length: > 0 } d) h.Add($"""<tr><td class="key">description</td><td class="wrap">{d}</td></tr>""");
        h.Raw("</tbody></table>");
        if (run is not null)
        {
            var importances = run.Data.LatestMetrics.Where(IsImportance).OrderByDescending(x => x.Value).Take(MaxImportances).ToList();
            Importances(h, importances);
            h.Raw("<div class=\"grid-2 version-grid\">");
            Table(h, "Metrics", "version-metrics", run.Data.LatestMetrics.Where(x => !IsImportance(x)).Select(x => (x.Key, Display.Number(x.Value))));
            Table(h, "Params", "version-params", run.Data.Params.Select(p => (p.Key, p.Value)));
            h.Raw("</div>");
        }
        Table(h, "Version tags", "version-tags", v.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, t.Value)));
        h.Raw("</section>\n");
    }

    static bool IsImportance(Metric m) => m.Key.StartsWith(ImportancePrefix, StringComparison.Ordinal) && m.Key.Length > ImportancePrefix.Length;

    static async Task<Run?> TryGetRunAsync(DashboardServices s, string runId, CancellationToken ct)
    {
        try { return await s.Store.GetRunAsync(runId, ct).ConfigureAwait(false); }
        catch (QuarryException e) when (e.Code == ErrorCode.NotFound) { return null; }
    }

    static void Importances(HtmlWriter h, List<Metric> importances)
    {
        h.Raw("<h3 class=\"sub-h\">Importances</h3>");
        if (importances.Count == 0)
        {
            h.Raw("<p class=\"empty\" id=\"no-importances\">The source run logged no <code>importance.*</code> metrics.</p>");
            return;
        }
        ChartSpec.Write(h, "importances", "bars", json =>
        {
            json.WriteStartArray("categories");
            foreach (var m in importances) json.WriteStringValue(m.Key[ImportancePrefix.Length..]);
            json.WriteEndArray();
            json.WriteStartArray("series");
            json.WriteStartObject();
            json.WriteString("name", "importance");
            json.WriteString("color", ChartSpec.Palette[0]);
            ChartSpec.Numbers(json, "values", importances.Select(m => m.Value));
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteString("yFormat", "num");
            json.WriteNumber("height", 180);
        });
    }

    static void Table(HtmlWriter h, string title, string id, IEnumerable<(string Key, string Value)> rows)
    {
        var list = rows.Take(MaxRows + 1).ToList();
        h.Add($"""<div><h3 class="sub-h">{title}</h3>""");
        if (list.Count == 0) h.Add($"""<p class="empty">No {title.ToLowerInvariant()}.</p>""");
        else
        {
            h.Add($"""<table class="kv" id="{id}"><tbody>""");
            foreach (var (key, value) in list.Take(MaxRows)) h.Add($"""<tr><td class="key">{key}</td><td class="value">{value}</td></tr>""");
            h.Raw("</tbody></table>");
            if (list.Count > MaxRows) h.Add($"""<p class="more muted">the first {MaxRows} shown</p>""");
        }
        h.Raw("</div>");
    }
}
