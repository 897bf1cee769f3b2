using System.Globalization;
using System.Text.Json;
using Quarry.Optimization;
using Quarry.Optimization.Distributions;
using Quarry.Server.Dashboard.Data;
using Quarry.Server.Dashboard.Html;

namespace Quarry.Server.Dashboard.Studies;

/// <summary>
/// The study page's charts: value per trial (charts.js time chart over trial numbers: Complete and Pruned trials as
/// dots, Fail trials as ticks on the axis, the best-so-far line; drag to zoom), importance bars, parallel coordinates
/// (studies.js, SVG) and a slice plot per parameter (charts.js scatter). Parameters are plotted by their user-facing
/// value; a categorical one by its choice's index (the axis names the choices).
/// </summary>
internal static class StudyCharts
{
    const int MaxSlices = 12;
    const string Blue = "#2457a5", Amber = "#b7791f", Red = "#c4473a", Green = "#2f8f5b";

    public static void Write(HtmlWriter h, StudyDetail study, IReadOnlyList<string> parameters)
    {
        PageLayout.PanelStart(h, "Objective value per trial", "Complete (blue) and Pruned (amber, last reported value) trials, failures as red ticks, best so far in green; drag to zoom, double-click to reset", "history");
        if (study.Trials.Count == 0) h.Raw("<p class=\"empty\">No trials yet.</p>");
        else History(h, study);
        PageLayout.PanelEnd(h);
        h.Raw("<div class=\"grid-2 study-charts\">");
        Importance(h, study);
        Parallel(h, study, parameters);
        h.Raw("</div>\n");
        Slices(h, study, parameters);
    }

    static void History(HtmlWriter h, StudyDetail study)
    {
        var trials = study.Trials;
        var best = StudyTrials.BestSoFar(study.Info.Direction, trials);
        ChartSpec.Write(h, "study-history", "time", json =>
        {
            json.WriteString("xKind", "number");
            json.WriteString("xName", "trial");
            ChartSpec.Numbers(json, "x", trials.Select(t => (double)t.Number));
            json.WriteStartArray("series");
            // The line first, so the trials' dots stay visible on it.
            Series(json, "Best so far", Green, best, null);
            Series(json, "Complete", Blue, trials.Select(t => t.State == TrialState.Complete ? t.Value ?? double.NaN : double.NaN), "points");
            Series(json, "Pruned", Amber, trials.Select(t => t.State == TrialState.Pruned ? t.Value ?? double.NaN : double.NaN), "points");
            Series(json, "Fail", Red, trials.Select(t => t.State == TrialState.Fail ? 1.0 : double.NaN), "rug");
            json.WriteEndArray();
            json.WriteString("yFormat", "num");
            json.WriteNumber("height", 280);
        });
    }

    static void Series(Utf8JsonWriter json, string name, string color, IEnumerable<double> y, string? mark)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("color", color);
        ChartSpec.Numbers(json, "y", y);
        if (mark == "points") json.WriteNumber("points", 3);
        else if (mark == "rug") json.WriteBoolean("rug", true);
        else json.WriteNumber("width", 2);
        json.WriteEndObject();
    }

    static void Importance(HtmlWriter h, StudyDetail study)
    {
        PageLayout.PanelStart(h, "Parameter importance", $"fANOVA over {Display.Count(study.ImportanceTrials)} Complete trials: share of the value's variance each parameter explains alone", "importance");
        if (study.ImportancePending)
            h.Raw("<p class=\"empty\" id=\"importance-pending\">Fitting importance over the latest trials in the background; this page reloads when it is ready.</p>");
        if (study.Importance.Count == 0)
        {
            if (!study.ImportancePending) h.Raw("<p class=\"empty\">Needs Complete trials whose parameters vary.</p>");
        }
        else
        {
            ChartSpec.Write(h, "study-importance", "bars", json =>
            {
                json.WriteStartArray("categories");
                foreach (var name in study.Importance.Keys) json.WriteStringValue(name);
                json.WriteEndArray();
                json.WriteStartArray("series");
                json.WriteStartObject();
                json.WriteString("name", "importance");
                json.WriteString("color", Blue);
                ChartSpec.Numbers(json, "values", study.Importance.Values);
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteString("yFormat", "pct");
                json.WriteNumber("height", 220);
            });
            h.Raw("<ul class=\"list importance-list\">");
            foreach (var (name, share) in study.Importance)
                h.Add($"""<li data-param="{name}" data-v="{Components.Raw(share)}"><span class="col-param">{name}</span> <b>{(share * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}%</b></li>""");
            h.Raw("</ul>");
        }
        PageLayout.PanelEnd(h);
    }

    static void Parallel(HtmlWriter h, StudyDetail study, IReadOnlyList<string> parameters)
    {
        var complete = Complete(study);
        PageLayout.PanelStart(h, "Parallel coordinates", "one line per Complete trial, coloured by value (blue: best); hover a line", "parallel");
        if (complete.Count == 0 || parameters.Count == 0) h.Raw("<p class=\"empty\">Needs Complete trials with parameters.</p>");
        else
        {
            string spec = ChartSpec.Json(json =>
            {
                json.WriteString("direction", StudyDisplay.Direction(study.Info.Direction));
                json.WriteStartArray("axes");
                foreach (var p in parameters) Axis(json, p, Distribution(complete, p));
                json.WriteEndArray();
                json.WriteStartArray("lines");
                foreach (var t in complete)
                {
                    json.WriteStartObject();
                    json.WriteNumber("n", t.Number);
                    Plotted(json, "v", t.Value!.Value);
                    json.WriteStartArray("x");
                    foreach (var p in parameters) Plotted(json, null, Plotted(t, p));
                    json.WriteEndArray();
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteNumber("height", 300);
            });
            // Drawn by studies.js (SVG), not by dashboard.js, which hands [data-chart] hosts to charts.js.
            h.Add($"""<div class="chart parcoords" data-parcoords="study-parallel"><script type="application/json">{new RawHtml(spec)}</script></div>""");
        }
        PageLayout.PanelEnd(h);
    }

    static void Axis(Utf8JsonWriter json, string name, Distribution? distribution)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        if (distribution is CategoricalDistribution c)
        {
            json.WriteStartArray("labels");
            foreach (var choice in c.Choices) json.WriteStringValue(choice);
            json.WriteEndArray();
        }
        if (distribution is FloatDistribution { Log: true } or IntDistribution { Log: true }) json.WriteBoolean("log", true);
        json.WriteEndObject();
    }

    static void Slices(HtmlWriter h, StudyDetail study, IReadOnlyList<string> parameters)
    {
        var complete = Complete(study);
        if (complete.Count == 0 || parameters.Count == 0) return;
        PageLayout.PanelStart(h, "Slices", $"value against each parameter, Complete trials{(parameters.Count > MaxSlices ? $"; the {MaxSlices} most important of {parameters.Count}" : "")}", "slices");
        h.Raw("<div class=\"charts\">");
        foreach (var p in parameters.Take(MaxSlices))
        {
            var distribution = Distribution(complete, p);
            h.Add($"""<div class="chart-box" data-param="{p}"><h3>{p}</h3>""");
            if (distribution is CategoricalDistribution c) h.Add($"""<div class="hint">choices by index: {string.Join(", ", c.Choices.Select((x, i) => $"{i} = {x}"))}</div>""");
            ChartSpec.Write(h, "slice-" + p, "scatter", json =>
            {
                json.WriteStartArray("series");
                json.WriteStartObject();
                json.WriteString("name", "Complete");
                json.WriteString("color", Blue);
                json.WriteStartArray("points");
                foreach (var t in complete)
                {
                    double x = Plotted(t, p);
                    if (!double.IsFinite(x)) continue;
                    json.WriteStartObject();
                    Plotted(json, "x", x);
                    Plotted(json, "y", t.Value!.Value);
                    json.WriteString("tip", "#" + t.Number.ToString(CultureInfo.InvariantCulture));
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteString("xName", p);
                json.WriteString("yName", "value");
                json.WriteString("xFormat", "num");
                json.WriteString("yFormat", "num");
                json.WriteNumber("radius", 3);
                json.WriteNumber("height", 220);
            });
            h.Raw("</div>");
        }
        h.Raw("</div>");
        PageLayout.PanelEnd(h);
    }

    /// <summary>
    /// A finite plotted number with 7 significant digits (far below a pixel; a 2,000-trial study's charts are a third
    /// smaller than at round-trip precision), or null; as a property when <paramref name="name"/> is set.
    /// </summary>
    static void Plotted(Utf8JsonWriter json, string? name, double value)
    {
        if (name is not null) json.WritePropertyName(name);
        if (double.IsFinite(value)) json.WriteRawValue(value.ToString("G7", CultureInfo.InvariantCulture), skipInputValidation: true);
        else json.WriteNullValue();
    }

    static List<FrozenTrial> Complete(StudyDetail study) =>
        [.. study.Trials.Where(t => t.State == TrialState.Complete && t.Value is { } v && double.IsFinite(v))];

    /// <summary>The distribution of <paramref name="name"/> in the last trial that has it.</summary>
    static Distribution? Distribution(List<FrozenTrial> trials, string name)
    {
        for (int i = trials.Count - 1; i >= 0; i--)
            if (trials[i].Distributions.TryGetValue(name, out var d)) return d;
        return null;
    }

    /// <summary>A parameter's position on an axis: its user-facing number, a choice's index; NaN when the trial lacks it.</summary>
    static double Plotted(FrozenTrial t, string name) =>
        !t.Params.TryGetValue(name, out var v) ? double.NaN
        : t.Distributions[name] is CategoricalDistribution ? v
        : Convert.ToDouble(t.Param(name), CultureInfo.InvariantCulture);
}
