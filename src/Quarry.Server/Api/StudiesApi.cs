using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Quarry.Optimization;
using Quarry.Server.Dashboard.Data;
using Quarry.Server.Dashboard.Studies;
using Quarry.Server.Mlflow;

namespace Quarry.Server.Api;

/// <summary>
/// The optimizer's studies as JSON (snake_case, times in ms since the Unix epoch, states as Optuna names them:
/// RUNNING, WAITING, COMPLETE, PRUNED, FAIL): <c>GET /api/quarry/studies</c> lists every study's summary;
/// <c>GET /api/quarry/studies/{name}</c> returns <c>{study, trials, best, importance}</c> (404 for an unknown name).
/// The study page polls the latter while trials run.
/// </summary>
internal static class StudiesApi
{
    public static Task List(HttpContext context)
    {
        var summaries = context.RequestServices.GetRequiredService<StudyQueries>().Summaries();
        using var json = MlflowResponse.Json(context);
        json.WriteStartObject();
        json.WriteStartArray("studies");
        foreach (var s in summaries) Summary(json, s);
        json.WriteEndArray();
        json.WriteEndObject();
        return Task.CompletedTask;
    }

    public static Task Get(HttpContext context)
    {
        var study = context.RequestServices.GetRequiredService<StudyQueries>().Get((string)context.Request.RouteValues["name"]!);
        using var json = MlflowResponse.Json(context);
        json.WriteStartObject();
        json.WritePropertyName("study");
        Summary(json, study.Summary, study.UserAttributes);
        json.WriteStartArray("trials");
        foreach (var t in study.Trials) Trial(json, t);
        json.WriteEndArray();
        json.WritePropertyName("best");
        if (study.Summary.Best is { } best) Trial(json, best);
        else json.WriteNullValue();
        json.WriteStartObject("importance");
        foreach (var (name, share) in study.Importance) json.WriteNumber(name, share);
        json.WriteEndObject();
        json.WriteNumber("importance_trials", study.ImportanceTrials);
        json.WriteBoolean("importance_pending", study.ImportancePending);
        json.WriteEndObject();
        return Task.CompletedTask;
    }

    static void Summary(Utf8JsonWriter json, StudySummary s, IReadOnlyDictionary<string, string>? attributes = null)
    {
        json.WriteStartObject();
        json.WriteString("name", s.Info.Name);
        json.WriteNumber("study_id", s.Info.Id);
        json.WriteString("direction", StudyDisplay.Direction(s.Info.Direction));
        json.WriteStartObject("trials");
        json.WriteNumber("total", s.Total);
        json.WriteNumber("running", s.Running);
        json.WriteNumber("waiting", s.Waiting);
        json.WriteNumber("complete", s.Complete);
        json.WriteNumber("pruned", s.Pruned);
        json.WriteNumber("fail", s.Failed);
        json.WriteEndObject();
        json.WriteBoolean("running", s.IsRunning);
        Number(json, "best_value", s.Best?.Value);
        if (s.Best is { } b) json.WriteNumber("best_trial", b.Number);
        else json.WriteNull("best_trial");
        if (s.LastActivity is { } last) json.WriteNumber("last_activity", StudyDisplay.Ms(last));
        else json.WriteNull("last_activity");
        if (attributes is not null) JsonValues(json, "user_attributes", attributes);
        json.WriteEndObject();
    }

    static void Trial(Utf8JsonWriter json, FrozenTrial t)
    {
        json.WriteStartObject();
        json.WriteNumber("number", t.Number);
        json.WriteNumber("trial_id", t.TrialId);
        json.WriteString("state", t.State.ToString().ToUpperInvariant());
        Number(json, "value", t.Value);
        json.WriteStartObject("params");
        foreach (var name in t.Params.Keys.Order(StringComparer.Ordinal))
        {
            switch (t.Param(name))
            {
                case double d: Number(json, name, d); break;
                case long l: json.WriteNumber(name, l); break;
                case var other: json.WriteString(name, Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture)); break;
            }
        }
        json.WriteEndObject();
        if (t.Start is { } start) json.WriteNumber("start", StudyDisplay.Ms(start));
        else json.WriteNull("start");
        if (t.Complete is { } complete) json.WriteNumber("complete", StudyDisplay.Ms(complete));
        else json.WriteNull("complete");
        if (StudyDisplay.DurationMs(t) is { } ms) json.WriteNumber("duration_ms", ms);
        else json.WriteNull("duration_ms");
        JsonValues(json, "user_attributes", t.UserAttributes);
        json.WriteEndObject();
    }

    /// <summary>A number, or null when absent or not finite (JSON has no NaN or ∞).</summary>
    static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }

    /// <summary>Attributes as an object of their JSON values (a value that is not valid JSON is written as a string).</summary>
    static void JsonValues(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string> values)
    {
        json.WriteStartObject(name);
        foreach (var (key, text) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            json.WritePropertyName(key);
            try
            {
                using var doc = JsonDocument.Parse(text);
                doc.RootElement.WriteTo(json);
            }
            catch (JsonException) { json.WriteStringValue(text); }
        }
        json.WriteEndObject();
    }
}
