using Quarry.Tracking.Registry;

namespace Quarry.Server.Dashboard.Html;

/// <summary>Markup the model registry pages share: stage badges, version links and alias chips.</summary>
internal static class RegistryComponents
{
    /// <summary>The stages a version can be moved to from the dashboard, in the order the actions offer them.</summary>
    public static readonly ModelStage[] TargetStages = [ModelStage.Staging, ModelStage.Production, ModelStage.Archived, ModelStage.None];

    /// <summary>A coloured badge for <paramref name="stage"/> ("Production", class <c>stage-production</c>).</summary>
    public static void StageBadge(HtmlWriter h, ModelStage stage)
    {
        string name = ModelStages.Name(stage);
        h.Add($"""<span class="badge stage-{name.ToLowerInvariant()}" data-stage="{name}">{name}</span>""");
    }

    /// <summary>
    /// The URL of a model's page, optionally with a version selected. Each '/'-separated part of the name is escaped on
    /// its own, so a name holding '/' keeps its slashes and reaches the catch-all route <c>/models/{**name}</c>.
    /// </summary>
    public static string ModelHref(string name, string? version = null) =>
        Query.Build("/models/" + string.Join('/', name.Split('/').Select(Uri.EscapeDataString)), ("version", version));

    /// <summary>A chip <c>alias → vN</c> linking to that version.</summary>
    public static void AliasChip(HtmlWriter h, string model, string alias, string version) =>
        h.Add($"""<a class="tagchip alias" href="{ModelHref(model, version)}" data-alias="{alias}">@{alias} → v{version}</a>""");
}
