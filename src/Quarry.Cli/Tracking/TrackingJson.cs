using System.Text.Json;
using Quarry.Cli.Output;
using Quarry.Tracking;

namespace Quarry.Cli.Tracking;

/// <summary>JSON forms of experiments and runs (MLflow's field names, snake_case).</summary>
internal static class TrackingJson
{
    public static void Experiments(Utf8JsonWriter w, IReadOnlyList<Experiment> experiments)
    {
        w.WriteStartArray();
        foreach (var e in experiments) Experiment(w, e);
        w.WriteEndArray();
    }

    static void Experiment(Utf8JsonWriter w, Experiment e)
    {
        w.WriteStartObject();
        w.WriteString("experiment_id", e.ExperimentId);
        w.WriteString("name", e.Name);
        w.WriteString("artifact_location", e.ArtifactLocation);
        w.WriteString("lifecycle_stage", e.LifecycleStage);
        w.WriteNumber("creation_time", e.CreationTime);
        w.WriteNumber("last_update_time", e.LastUpdateTime);
        w.WriteStartObject("tags");
        foreach (var (key, value) in e.Tags.OrderBy(t => t.Key, StringComparer.Ordinal)) w.WriteString(key, value);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void Run(Utf8JsonWriter w, Run run, string? artifactFolder, IReadOnlyList<string> artifacts)
    {
        w.WriteStartObject();
        RunFields(w, run);
        if (artifactFolder is null) w.WriteNull("artifact_folder");
        else w.WriteString("artifact_folder", artifactFolder);
        w.WriteStartArray("artifacts");
        foreach (var a in artifacts) w.WriteStringValue(a);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>{"runs": [...]} with each run's info, params, latest metrics and tags.</summary>
    public static void Runs(Utf8JsonWriter w, IReadOnlyList<Run> runs)
    {
        w.WriteStartObject();
        w.WriteStartArray("runs");
        foreach (var run in runs)
        {
            w.WriteStartObject();
            RunFields(w, run);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    static void RunFields(Utf8JsonWriter w, Run run)
    {
        var i = run.Info;
        w.WriteStartObject("info");
        w.WriteString("run_id", i.RunId);
        w.WriteString("run_name", i.RunName);
        w.WriteString("experiment_id", i.ExperimentId);
        w.WriteString("user_id", i.UserId);
        w.WriteString("status", i.Status.ToString().ToUpperInvariant());
        w.WriteNumber("start_time", i.StartTime);
        if (i.EndTime is { } end) w.WriteNumber("end_time", end);
        else w.WriteNull("end_time");
        w.WriteString("artifact_uri", i.ArtifactUri);
        w.WriteString("lifecycle_stage", i.LifecycleStage);
        w.WriteEndObject();
        w.WriteStartObject("params");
        foreach (var p in run.Data.Params) w.WriteString(p.Key, p.Value);
        w.WriteEndObject();
        w.WriteStartObject("metrics");
        foreach (var m in run.Data.LatestMetrics) w.Number(m.Key, m.Value);
        w.WriteEndObject();
        w.WriteStartObject("tags");
        foreach (var t in run.Data.Tags) w.WriteString(t.Key, t.Value);
        w.WriteEndObject();
    }
}
