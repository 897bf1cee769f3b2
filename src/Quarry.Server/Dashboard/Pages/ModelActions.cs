using Quarry.Server.Dashboard.Html;
using Quarry.Tracking.Registry;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>
/// The write actions of <see cref="ModelPage"/> on the selected version: a stage transition (with MLflow's
/// <c>archive_existing_versions</c>), setting an alias and deleting one. dashboard.js asks for confirmation in the page's
/// <c>&lt;dialog id="confirm-dialog"&gt;</c>, then calls MLflow's REST endpoints (<c>model-versions/transition-stage</c>,
/// <c>registered-models/alias</c>) by same-origin fetch and reloads; an error is shown inline in <c>#action-error</c>.
/// </summary>
internal static class ModelActions
{
    public static void Write(HtmlWriter h, ModelVersion v)
    {
        h.Add($"""<section class="panel actions" id="actions" data-model="{v.Name}" data-version="{v.Version}"><header><h2>Actions on v{v.Version}</h2><span class="note">each asks for confirmation</span></header>""");
        h.Raw("<div class=\"action-row\"><label>Stage <select id=\"stage-select\" aria-label=\"Target stage\">");
        foreach (var stage in RegistryComponents.TargetStages)
        {
            string name = ModelStages.Name(stage);
            h.Add($"""<option value="{name}"{new RawHtml(stage == v.CurrentStage ? " disabled" : "")}>{name}{(stage == v.CurrentStage ? " (current)" : "")}</option>""");
        }
        h.Raw("</select></label><button type=\"button\" class=\"primary\" id=\"transition-btn\" data-action=\"transition\">Transition…</button></div>");
        h.Raw("<label class=\"check\"><input type=\"checkbox\" id=\"archive-existing\"> archive the versions now in that stage (Staging and Production only)</label>");
        h.Raw("<div class=\"action-row\"><label>Alias <input type=\"text\" id=\"alias-input\" placeholder=\"champion\" spellcheck=\"false\" autocomplete=\"off\" aria-label=\"Alias\"></label>" +
              "<button type=\"button\" id=\"set-alias-btn\" data-action=\"set-alias\">Set alias…</button></div>");
        if (v.Aliases.Count > 0)
        {
            h.Raw("<ul class=\"list\" id=\"version-aliases\">");
            foreach (var alias in v.Aliases)
                h.Add($"""<li data-alias="{alias}"><span class="tagchip alias">@{alias}</span><button type="button" class="link-btn" data-action="delete-alias" data-alias="{alias}">Delete…</button></li>""");
            h.Raw("</ul>");
        }
        h.Raw("<div class=\"filter-error\" role=\"alert\" id=\"action-error\" hidden></div></section>\n");
    }

    /// <summary>The confirmation dialog dashboard.js opens before any write.</summary>
    public static void Dialog(HtmlWriter h) =>
        h.Raw("<dialog id=\"confirm-dialog\" class=\"confirm\" aria-labelledby=\"confirm-text\"><p id=\"confirm-text\"></p>" +
              "<div class=\"confirm-buttons\"><button type=\"button\" id=\"confirm-cancel\">Cancel</button>" +
              "<button type=\"button\" class=\"primary\" id=\"confirm-ok\">Confirm</button></div></dialog>\n");
}
