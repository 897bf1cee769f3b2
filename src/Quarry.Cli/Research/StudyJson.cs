using System.Text.Json;
using Quarry.Cli.Output;
using Quarry.Optimization;

namespace Quarry.Cli.Research;

/// <summary>A study as JSON: name, direction, best trial and every trial.</summary>
internal static class StudyJson
{
    public static void Write(Utf8JsonWriter w, Study study)
    {
        w.WriteStartObject();
        w.WriteString("study", study.Name);
        w.WriteString("direction", study.Direction.ToString().ToLowerInvariant());
        var complete = study.Trials.Any(t => t.State == TrialState.Complete);
        if (complete)
        {
            w.WriteStartObject("best");
            Trial(w, study.BestTrial);
            w.WriteEndObject();
        }
        else w.WriteNull("best");
        w.WriteStartArray("trials");
        foreach (var t in study.Trials)
        {
            w.WriteStartObject();
            Trial(w, t);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    static void Trial(Utf8JsonWriter w, FrozenTrial t)
    {
        w.WriteNumber("number", t.Number);
        w.WriteString("state", t.State.ToString().ToLowerInvariant());
        if (t.Value is { } v) w.Number("value", v); else w.WriteNull("value");
        w.WriteStartObject("params");
        foreach (var name in t.Params.Keys)
        {
            switch (t.Param(name))
            {
                case double d: w.Number(name, d); break;
                case long l: w.WriteNumber(name, l); break;
                case var o: w.WriteString(name, o.ToString()); break;
            }
        }
        w.WriteEndObject();
        if (t.UserAttributes.TryGetValue("metrics", out var metrics))
        {
            w.WritePropertyName("metrics");
            w.WriteRawValue(metrics);
        }
        if (t.Constraints is { } c) w.WriteBoolean("feasible", t.IsFeasible);
    }
}
