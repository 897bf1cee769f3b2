using Microsoft.AspNetCore.Http;
using Quarry.Server.Dashboard.Html;
using Quarry.Tracking.Registry;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>
/// <c>/models/{name}</c>: a registered model's versions (stage badge, aliases, source run, status, created), the selected
/// version (<c>?version=N</c>, else the newest) with its source run's metrics, params and importances
/// (<see cref="ModelVersionPanel"/>), the actions on it (<see cref="ModelActions"/>), the model's tags and its stage
/// transition history. An unknown model or version is a 404 page.
/// </summary>
internal static class ModelPage
{
    public const int MaxVersions = 1000, MaxHistory = 200;

    public static async Task<HtmlWriter> RenderAsync(DashboardServices s, IModelRegistryStore registry, string name, HttpRequest request, CancellationToken ct)
    {
        var model = await registry.GetRegisteredModelAsync(name, ct).ConfigureAwait(false);
        var versions = await VersionsAsync(registry, model, ct).ConfigureAwait(false);
        string? asked = Query.Get(request, "version");
        var selected = asked is not null ? await registry.GetModelVersionAsync(name, asked, ct).ConfigureAwait(false)
            : versions.Count > 0 ? versions[0] : null;
        var history = await registry.GetTransitionHistoryAsync(name, null, ct).ConfigureAwait(false);

        var h = new HtmlWriter();
        PageLayout.Begin(h, s, Section.Models, model.Name, [new Crumb("Overview", "/"), new Crumb("Models", "/models"), new Crumb(model.Name, null)]);
        Subtitle(h, model, s.Now);
        Cards(h, model, versions.Count);
        h.Raw("<div class=\"layout\"><div class=\"col-main\">");
        VersionsTable(h, model, versions, selected?.Version, s.Now);
        if (selected is not null) await ModelVersionPanel.WriteAsync(h, s, selected, ct).ConfigureAwait(false);
        History(h, model.Name, history, s.Now);
        h.Raw("</div><aside class=\"col-side\">");
        if (selected is not null) ModelActions.Write(h, selected);
        Tags(h, model);
        h.Raw("</aside></div>");
        ModelActions.Dialog(h);
        PageLayout.End(h);
        return h;
    }

    /// <summary>The model's versions, newest first (at most <see cref="MaxVersions"/>).</summary>
    static async Task<IReadOnlyList<ModelVersion>> VersionsAsync(IModelRegistryStore registry, RegisteredModel model, CancellationToken ct)
    {
        // The filter grammar has no escapes: a name is quoted with a quote character it does not contain.
        char quote = !model.Name.Contains('\'', StringComparison.Ordinal) ? '\'' : !model.Name.Contains('"', StringComparison.Ordinal) ? '"' : '\0';
        if (quote == '\0') return [.. model.LatestVersions.OrderByDescending(v => long.Parse(v.Version, System.Globalization.CultureInfo.InvariantCulture))];
        var page = await registry.SearchModelVersionsAsync($"name = {quote}{model.Name}{quote}", MaxVersions, ["version_number DESC"], null, ct)
            .ConfigureAwait(false);
        return page.Versions;
    }

    static void Subtitle(HtmlWriter h, RegisteredModel m, long now)
    {
        h.Raw("<div class=\"sub page-sub\">");
        h.Add($"""<span title="{Display.ExactTime(m.CreationTimestamp)}">created {Display.Time(m.CreationTimestamp)}</span>""");
        h.Add($"""<span title="{Display.ExactTime(m.LastUpdatedTimestamp)}" id="model-updated">updated {Display.Ago(m.LastUpdatedTimestamp, now)}</span>""");
        if (m.UserId is { Length: > 0 } user) h.Add($"<span>by {user}</span>");
        h.Raw("</div>\n");
        if (m.Description is { Length: > 0 } description) h.Add($"""<p class="model-desc" id="model-description">{description}</p>""");
    }

    static void Cards(HtmlWriter h, RegisteredModel m, int versions)
    {
        h.Raw("<div class=\"cards\">");
        Components.Card(h, "Versions", Display.Count(versions), id: "versions");
        foreach (var stage in new[] { ModelStage.Production, ModelStage.Staging })
        {
            var latest = m.LatestVersions.FirstOrDefault(v => v.CurrentStage == stage);
            Components.Card(h, ModelStages.Name(stage), latest is null ? "—" : "v" + latest.Version, latest is null ? "no version" : "latest in this stage",
                latest is null ? null : RegistryComponents.ModelHref(m.Name, latest.Version), "stage-" + ModelStages.Name(stage).ToLowerInvariant());
        }
        Components.Card(h, "Aliases", Display.Count(m.Aliases.Count), m.Aliases.Count == 0 ? null : string.Join(", ", m.Aliases.Keys.Order(StringComparer.Ordinal).Take(4)), id: "aliases");
        h.Raw("</div>");
    }

    static void VersionsTable(HtmlWriter h, RegisteredModel m, IReadOnlyList<ModelVersion> versions, string? selected, long now)
    {
        PageLayout.PanelStart(h, $"Versions ({Display.Count(versions.Count)})", versions.Count >= MaxVersions ? $"the newest {MaxVersions:N0}" : "click a version to inspect it");
        if (versions.Count == 0) h.Raw("<p class=\"empty\">No versions registered yet.</p>");
        else
        {
            h.Raw("<div class=\"tbl-scroll\"><table id=\"versions\"><thead><tr><th>Version</th><th>Stage</th><th>Aliases</th><th>Source run</th><th>Status</th><th>Created</th></tr></thead><tbody>");
            foreach (var v in versions)
            {
                h.Add($"""<tr data-version="{v.Version}"{new RawHtml(v.Version == selected ? " class=\"selected\" aria-current=\"true\"" : "")}><td><a class="run-link" href="{RegistryComponents.ModelHref(m.Name, v.Version)}">v{v.Version}</a></td><td>""");
                RegistryComponents.StageBadge(h, v.CurrentStage);
                h.Raw("</td><td>");
                foreach (var alias in v.Aliases) RegistryComponents.AliasChip(h, m.Name, alias, v.Version);
                h.Raw("</td><td>");
                if (v.RunId is { Length: > 0 } run) h.Add($"""<a class="mono" href="/runs/{run}" title="{run}">{run[..Math.Min(8, run.Length)]}</a>""");
                else h.Raw("<span class=\"muted\">—</span>");
                h.Add($"""</td><td>{v.Status.ToString()}</td><td title="{Display.ExactTime(v.CreationTimestamp)}">{Display.Ago(v.CreationTimestamp, now)}</td></tr>""");
            }
            h.Raw("</tbody></table></div>");
        }
        PageLayout.PanelEnd(h);
    }

    static void Tags(HtmlWriter h, RegisteredModel m)
    {
        PageLayout.PanelStart(h, $"Model tags ({m.Tags.Count})");
        if (m.Tags.Count == 0) h.Raw("<p class=\"empty\">No tags.</p>");
        else
        {
            h.Raw("<table class=\"kv\" id=\"model-tags\"><tbody>");
            foreach (var (key, value) in m.Tags.OrderBy(t => t.Key, StringComparer.Ordinal)) h.Add($"""<tr><td class="key">{key}</td><td class="value">{value}</td></tr>""");
            h.Raw("</tbody></table>");
        }
        PageLayout.PanelEnd(h);
    }

    static void History(HtmlWriter h, string model, IReadOnlyList<StageTransition> history, long now)
    {
        PageLayout.PanelStart(h, $"Stage history ({Display.Count(history.Count)})", history.Count > MaxHistory ? $"the latest {MaxHistory}" : "newest first", "history");
        if (history.Count == 0) h.Raw("<p class=\"empty\">No stage transitions yet.</p>");
        else
        {
            h.Raw("<div class=\"tbl-scroll\"><table id=\"transitions\"><thead><tr><th>When</th><th>Version</th><th>From → to</th><th>Who</th></tr></thead><tbody>");
            for (int i = history.Count - 1; i >= Math.Max(0, history.Count - MaxHistory); i--)
            {
                var t = history[i];
                h.Add($"""<tr data-version="{t.Version}"><td title="{Display.ExactTime(t.Timestamp)}">{Display.Ago(t.Timestamp, now)}</td><td><a href="{RegistryComponents.ModelHref(model, t.Version)}">v{t.Version}</a></td><td>""");
                RegistryComponents.StageBadge(h, t.FromStage);
                h.Raw(" → ");
                RegistryComponents.StageBadge(h, t.ToStage);
                h.Add($"""</td><td>{t.UserId ?? "—"}</td></tr>""");
            }
            h.Raw("</tbody></table></div>");
        }
        PageLayout.PanelEnd(h);
    }
}
