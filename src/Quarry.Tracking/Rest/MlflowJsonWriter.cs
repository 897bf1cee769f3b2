using System.Text.Json;

namespace Quarry.Tracking.Rest;

/// <summary>
/// Writes Quarry's tracking records as MLflow's JSON (spec <c>mlflow-rest.md</c> §0, §2): proto snake_case names,
/// int64 as JSON numbers, enums as names, NaN / ±∞ as the strings <c>"NaN"</c> / <c>"Infinity"</c> /
/// <c>"-Infinity"</c>, and unset or empty fields omitted (empty strings, empty lists, null end times). Each method writes
/// one JSON value at the writer's current position (after a property name, or as an array element). Thread-safe (no
/// state); allocation-free apart from the writer's own buffer.
/// </summary>
public static class MlflowJsonWriter
{
    /// <summary>Writes an <c>Experiment</c> object (<c>experiment_id</c>, <c>name</c>, <c>artifact_location</c>, <c>lifecycle_stage</c>, times, <c>tags</c>).</summary>
    public static void WriteExperiment(Utf8JsonWriter writer, Experiment experiment)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(experiment);
        writer.WriteStartObject();
        WriteNonEmpty(writer, WireNames.ExperimentId, experiment.ExperimentId);
        WriteNonEmpty(writer, WireNames.Name, experiment.Name);
        WriteNonEmpty(writer, WireNames.ArtifactLocation, experiment.ArtifactLocation);
        WriteNonEmpty(writer, WireNames.LifecycleStage, experiment.LifecycleStage);
        writer.WriteNumber(WireNames.LastUpdateTime, experiment.LastUpdateTime);
        writer.WriteNumber(WireNames.CreationTime, experiment.CreationTime);
        if (experiment.Tags.Count > 0)
        {
            writer.WriteStartArray(WireNames.Tags);
            foreach (var (key, value) in experiment.Tags.OrderBy(t => t.Key, StringComparer.Ordinal)) WriteTag(writer, key, value);
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes a <c>Run</c> object: <c>info</c>, <c>data</c> and <c>inputs</c> (<c>dataset_inputs</c>, <c>model_inputs</c>; the last
    /// two as <c>{}</c> when empty, as MLflow does), and <c>outputs</c> (<c>model_outputs</c>) when the run produced models.
    /// </summary>
    public static void WriteRun(Utf8JsonWriter writer, Run run)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(run);
        writer.WriteStartObject();
        writer.WritePropertyName(WireNames.Info);
        WriteRunInfo(writer, run.Info);
        writer.WritePropertyName(WireNames.Data);
        WriteRunData(writer, run.Data);
        writer.WritePropertyName(WireNames.Inputs);
        writer.WriteStartObject();
        WriteArray(writer, WireNames.DatasetInputs, run.Inputs, WriteRunInput);
        WriteArray(writer, JsonEncodedText.Encode("model_inputs"), run.ModelInputs, LoggedModelJson.WriteModelInput);
        writer.WriteEndObject();
        if (run.ModelOutputs.Count > 0)
        {
            writer.WriteStartObject("outputs");
            WriteArray(writer, JsonEncodedText.Encode("model_outputs"), run.ModelOutputs, LoggedModelJson.WriteModelOutput);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    /// <summary>Writes a <c>DatasetInput</c> object: <c>tags</c> (omitted when empty) and <c>dataset</c>.</summary>
    public static void WriteRunInput(Utf8JsonWriter writer, RunInput input)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(input);
        writer.WriteStartObject();
        WriteArray(writer, WireNames.Tags, input.Tags, static (w, t) => WriteTag(w, t.Key, t.Value));
        writer.WritePropertyName(WireNames.Dataset);
        WriteDataset(writer, input.Dataset);
        writer.WriteEndObject();
    }

    /// <summary>Writes a <c>Dataset</c> object (<c>name</c>, <c>digest</c>, <c>source_type</c>, <c>source</c>, <c>schema</c>, <c>profile</c>; empty ones omitted).</summary>
    public static void WriteDataset(Utf8JsonWriter writer, Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(dataset);
        writer.WriteStartObject();
        WriteNonEmpty(writer, WireNames.Name, dataset.Name);
        WriteNonEmpty(writer, WireNames.Digest, dataset.Digest);
        WriteNonEmpty(writer, WireNames.SourceType, dataset.SourceType);
        WriteNonEmpty(writer, WireNames.Source, dataset.Source);
        WriteNonEmpty(writer, WireNames.Schema, dataset.Schema);
        WriteNonEmpty(writer, WireNames.Profile, dataset.Profile);
        writer.WriteEndObject();
    }

    /// <summary>Writes a <c>RunInfo</c> object, with both <c>run_id</c> and the deprecated <c>run_uuid</c>; <c>end_time</c> only when set.</summary>
    public static void WriteRunInfo(Utf8JsonWriter writer, RunInfo info)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(info);
        writer.WriteStartObject();
        WriteNonEmpty(writer, WireNames.RunId, info.RunId);
        WriteNonEmpty(writer, WireNames.RunUuid, info.RunId);
        WriteNonEmpty(writer, WireNames.RunName, info.RunName);
        WriteNonEmpty(writer, WireNames.ExperimentId, info.ExperimentId);
        WriteNonEmpty(writer, WireNames.UserId, info.UserId);
        writer.WriteString(WireNames.Status, MlflowEnums.Name(info.Status));
        writer.WriteNumber(WireNames.StartTime, info.StartTime);
        if (info.EndTime is { } end) writer.WriteNumber(WireNames.EndTime, end);
        WriteNonEmpty(writer, WireNames.ArtifactUri, info.ArtifactUri);
        WriteNonEmpty(writer, WireNames.LifecycleStage, info.LifecycleStage);
        writer.WriteEndObject();
    }

    /// <summary>Writes a <c>RunData</c> object: <c>metrics</c> (latest values), <c>params</c>, <c>tags</c>, each omitted when empty.</summary>
    public static void WriteRunData(Utf8JsonWriter writer, RunData data)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(data);
        writer.WriteStartObject();
        WriteArray(writer, WireNames.Metrics, data.LatestMetrics, static (w, m) => WriteMetric(w, m));
        WriteArray(writer, WireNames.Params, data.Params, static (w, p) => WriteTag(w, p.Key, p.Value));
        WriteArray(writer, WireNames.Tags, data.Tags, static (w, t) => WriteTag(w, t.Key, t.Value));
        writer.WriteEndObject();
    }

    /// <summary>Writes a <c>Metric</c> object (<c>key</c>, <c>value</c>, <c>timestamp</c>, <c>step</c>, <c>run_id</c> when given, as in bulk history, and <c>model_id</c> when linked).</summary>
    public static void WriteMetric(Utf8JsonWriter writer, Metric metric, string? runId = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(metric);
        writer.WriteStartObject();
        writer.WriteString(WireNames.Key, metric.Key);
        writer.WritePropertyName(WireNames.Value);
        WriteDoubleValue(writer, metric.Value);
        writer.WriteNumber(WireNames.Timestamp, metric.Timestamp);
        writer.WriteNumber(WireNames.Step, metric.Step);
        if (!string.IsNullOrEmpty(runId)) writer.WriteString(WireNames.RunId, runId);
        if (!string.IsNullOrEmpty(metric.ModelId)) writer.WriteString("model_id", metric.ModelId);
        writer.WriteEndObject();
    }

    /// <summary>Writes a <c>{key, value}</c> object (params, run tags, experiment tags); an empty value is omitted as protobuf does.</summary>
    public static void WriteTag(Utf8JsonWriter writer, string key, string value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString(WireNames.Key, key);
        WriteNonEmpty(writer, WireNames.Value, value);
        writer.WriteEndObject();
    }

    /// <summary>Writes a double as a JSON number, or NaN / ±∞ as <c>"NaN"</c> / <c>"Infinity"</c> / <c>"-Infinity"</c>.</summary>
    public static void WriteDoubleValue(Utf8JsonWriter writer, double value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    }

    /// <summary>Writes the response of runs/search: <c>{"runs": […], "next_page_token": …}</c>, each omitted when empty.</summary>
    public static void WriteRunsPage(Utf8JsonWriter writer, RunsPage page)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(page);
        writer.WriteStartObject();
        WriteArray(writer, WireNames.Runs, page.Runs, WriteRun);
        WriteNonEmpty(writer, WireNames.NextPageToken, page.NextPageToken);
        writer.WriteEndObject();
    }

    /// <summary>Writes the response of experiments/search: <c>{"experiments": […], "next_page_token": …}</c>, each omitted when empty.</summary>
    public static void WriteExperimentsPage(Utf8JsonWriter writer, ExperimentsPage page)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(page);
        writer.WriteStartObject();
        WriteArray(writer, WireNames.Experiments, page.Experiments, WriteExperiment);
        WriteNonEmpty(writer, WireNames.NextPageToken, page.NextPageToken);
        writer.WriteEndObject();
    }

    /// <summary>Writes a list of metric points under <paramref name="name"/> (omitted when empty).</summary>
    public static void WriteMetrics(Utf8JsonWriter writer, string name, IReadOnlyList<Metric> metrics)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(metrics);
        WriteArray(writer, JsonEncodedText.Encode(name), metrics, static (w, m) => WriteMetric(w, m));
    }

    /// <summary>Writes a string property unless the value is null or empty (protobuf omits unset fields).</summary>
    public static void WriteNonEmpty(Utf8JsonWriter writer, string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!string.IsNullOrEmpty(value)) writer.WriteString(name, value);
    }

    static void WriteNonEmpty(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (!string.IsNullOrEmpty(value)) writer.WriteString(name, value);
    }

    /// <summary>Writes <paramref name="items"/> as an array property, omitted when empty.</summary>
    static void WriteArray<T>(Utf8JsonWriter writer, JsonEncodedText name, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> write)
    {
        if (items.Count == 0) return;
        writer.WriteStartArray(name);
        for (int i = 0; i < items.Count; i++) write(writer, items[i]);
        writer.WriteEndArray();
    }
}
