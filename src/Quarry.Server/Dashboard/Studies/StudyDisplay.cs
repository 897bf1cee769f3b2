using System.Globalization;
using Quarry.Optimization;
using Quarry.Server.Dashboard.Html;

namespace Quarry.Server.Dashboard.Studies;

/// <summary>How the study pages write trial states, parameter values, times and links. Stateless.</summary>
internal static class StudyDisplay
{
    /// <summary>The state as shown ("Complete") and its badge class (the runs' colours: Complete green, Fail red, Running blue).</summary>
    public static (string Text, string Css) State(TrialState state) => state switch
    {
        TrialState.Complete => ("Complete", "st-finished"),
        TrialState.Fail => ("Fail", "st-failed"),
        TrialState.Running => ("Running", "st-running"),
        TrialState.Waiting => ("Waiting", "st-scheduled"),
        _ => ("Pruned", "st-pruned"),
    };

    /// <summary>A trial state badge.</summary>
    public static void Badge(HtmlWriter h, TrialState state)
    {
        var (text, css) = State(state);
        h.Add($"""<span class="badge {css}">{text}</span>""");
    }

    /// <summary>The "running" badge of a study with running trials.</summary>
    public static void RunningBadge(HtmlWriter h, int running) =>
        h.Add($"""<span class="badge st-running" data-running="{running}">running · {running}</span>""");

    /// <summary>A parameter's user-facing value: integers and choices as is, floats as metric values are written.</summary>
    public static string Param(FrozenTrial trial, string name) => trial.Param(name) switch
    {
        double d => Display.Number(d),
        long l => l.ToString(CultureInfo.InvariantCulture),
        var other => Convert.ToString(other, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>A UTC time in Unix milliseconds.</summary>
    public static long Ms(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    /// <summary>A trial's run time, or null while it has not both started and finished.</summary>
    public static long? DurationMs(FrozenTrial t) => t.Start is { } s && t.Complete is { } c ? Ms(c) - Ms(s) : null;

    /// <summary>The study page's address.</summary>
    public static string Href(string name) => "/studies/" + Uri.EscapeDataString(name);

    /// <summary>"maximize" or "minimize".</summary>
    public static string Direction(StudyDirection direction) => direction == StudyDirection.Maximize ? "maximize" : "minimize";
}
