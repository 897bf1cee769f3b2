using System.Text.Json;

namespace Quarry.Tracking.Rest;

/// <summary>
/// Reads MLflow's JSON shapes (spec <c>mlflow-rest.md</c> §2) into Quarry's records, leniently as MLflow clients
/// must: int64 as number or string, enums by name or number, NaN / ±∞ strings, a missing list is empty, a missing
/// string is empty, unknown fields are ignored, <c>run_uuid</c> stands in for a missing <c>run_id</c>. A present field
/// of the wrong type throws MLflow's InvalidParameter "Invalid value …" error. Thread-safe (no state).
/// </summary>
public static class MlflowJsonReader
{
    /// <summary>Reads an <c>Experiment</c> object.</summary>
    public static Experiment ReadExperiment(JsonElement json)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in ReadList(json, "tags", t => (Key(t), Value(t)))) tags[key] = value;
        return new Experiment(
            MlflowValues.GetString(json, "experiment_id") ?? "",
            MlflowValues.GetString(json, "name") ?? "",
            MlflowValues.GetString(json, "artifact_location") ?? "",
            MlflowValues.GetString(json, "lifecycle_stage") ?? LifecycleStage.Active,
            MlflowValues.GetInt64(json, "creation_time") ?? 0,
            MlflowValues.GetInt64(json, "last_update_time") ?? 0,
            tags);
    }

    /// <summary>Reads a <c>Run</c> object (<c>info</c>, <c>data</c>, <c>inputs.dataset_inputs</c> / <c>model_inputs</c> and <c>outputs.model_outputs</c>; absent parts are empty).</summary>
    public static Run ReadRun(JsonElement json)
    {
        if (!MlflowValues.TryGetField(json, "info", out var info)) throw MlflowErrors.MissingParameter("info");
        return new Run(ReadRunInfo(info), MlflowValues.TryGetField(json, "data", out var data) ? ReadRunData(data) : new RunData([], [], []))
        {
            Inputs = MlflowValues.TryGetField(json, "inputs", out var inputs) ? ReadList(inputs, "dataset_inputs", ReadRunInput) : [],
            ModelInputs = MlflowValues.TryGetField(json, "inputs", out var models) ? ReadList(models, "model_inputs", LoggedModelJson.ReadModelInput) : [],
            ModelOutputs = MlflowValues.TryGetField(json, "outputs", out var outputs) ? ReadList(outputs, "model_outputs", LoggedModelJson.ReadModelOutput) : [],
        };
    }

    /// <summary>Reads a <c>DatasetInput</c> object (<c>tags</c>, <c>dataset</c>); missing dataset fields are empty, for the store to judge.</summary>
    public static RunInput ReadRunInput(JsonElement json) => new(
        MlflowValues.TryGetField(json, "dataset", out var dataset) ? ReadDataset(dataset) : new Dataset("", "", "", ""),
        ReadList(json, "tags", ReadRunTag));

    /// <summary>Reads a <c>Dataset</c> object; absent required fields are empty, absent <c>schema</c> / <c>profile</c> null.</summary>
    public static Dataset ReadDataset(JsonElement json) => new(
        MlflowValues.GetString(json, "name") ?? "",
        MlflowValues.GetString(json, "digest") ?? "",
        MlflowValues.GetString(json, "source_type") ?? "",
        MlflowValues.GetString(json, "source") ?? "",
        NonEmpty(MlflowValues.GetString(json, "schema")),
        NonEmpty(MlflowValues.GetString(json, "profile")));

    /// <summary>Reads a <c>RunInfo</c> object (<c>run_id</c>, else <c>run_uuid</c>; status defaults to RUNNING, stage to active).</summary>
    public static RunInfo ReadRunInfo(JsonElement json) => new(
        MlflowValues.GetString(json, "run_id") ?? MlflowValues.GetString(json, "run_uuid") ?? "",
        MlflowValues.GetString(json, "run_name") ?? "",
        MlflowValues.GetString(json, "experiment_id") ?? "",
        MlflowValues.GetString(json, "user_id") ?? "",
        MlflowValues.GetRunStatus(json, "status") ?? RunStatus.Running,
        MlflowValues.GetInt64(json, "start_time") ?? 0,
        MlflowValues.GetInt64(json, "end_time"),
        MlflowValues.GetString(json, "artifact_uri") ?? "",
        MlflowValues.GetString(json, "lifecycle_stage") ?? LifecycleStage.Active);

    /// <summary>Reads a <c>RunData</c> object; missing lists are empty.</summary>
    public static RunData ReadRunData(JsonElement json) => new(
        ReadList(json, "metrics", ReadMetric), ReadList(json, "params", ReadParam), ReadList(json, "tags", ReadRunTag));

    /// <summary>Reads a <c>Metric</c> object; <c>key</c>, <c>value</c> and <c>timestamp</c> are required, <c>step</c> defaults to 0; <c>model_id</c> is kept when present.</summary>
    public static Metric ReadMetric(JsonElement json)
    {
        // One pass over the object's properties: a log-batch holds up to 1,000 metrics, and five lookups by name would
        // scan each object five times. As with a lookup, the last of repeated names wins and null counts as absent.
        JsonElement key = default, value = default, timestamp = default, step = default, modelId = default;
        if (json.ValueKind == JsonValueKind.Object)
            foreach (var p in json.EnumerateObject())
            {
                if (p.NameEquals("key"u8)) key = p.Value;
                else if (p.NameEquals("value"u8)) value = p.Value;
                else if (p.NameEquals("timestamp"u8)) timestamp = p.Value;
                else if (p.NameEquals("step"u8)) step = p.Value;
                else if (p.NameEquals("model_id"u8)) modelId = p.Value;
            }
        string name = Present(key) ? MlflowValues.AsString(key, "key") : "";
        if (name.Length == 0) throw MlflowErrors.MissingParameter("key");
        return new Metric(name,
            Present(value) ? MlflowValues.AsDouble(value, "value") : throw MlflowErrors.MissingParameter("value"),
            Present(timestamp) ? MlflowValues.AsInt64(timestamp, "timestamp") : throw MlflowErrors.MissingParameter("timestamp"),
            Present(step) ? MlflowValues.AsInt64(step, "step") : 0)
        {
            ModelId = Present(modelId) ? NonEmpty(MlflowValues.AsString(modelId, "model_id")) : null,
        };
    }

    static bool Present(JsonElement field) => field.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);

    /// <summary>Reads a <c>Param</c> object (<c>key</c> required; a missing value is empty).</summary>
    public static Param ReadParam(JsonElement json) => new(Key(json), Value(json));

    /// <summary>Reads a <c>RunTag</c> object (<c>key</c> required; a missing value is empty).</summary>
    public static RunTag ReadRunTag(JsonElement json) => new(Key(json), Value(json));

    /// <summary>Reads the response of runs/search.</summary>
    public static RunsPage ReadRunsPage(JsonElement json) =>
        new(ReadList(json, "runs", ReadRun), NonEmpty(MlflowValues.GetString(json, "next_page_token")));

    /// <summary>Reads the response of experiments/search (and of the 1.x experiments/list).</summary>
    public static ExperimentsPage ReadExperimentsPage(JsonElement json) =>
        new(ReadList(json, "experiments", ReadExperiment), NonEmpty(MlflowValues.GetString(json, "next_page_token")));

    /// <summary>Reads the array field <paramref name="name"/> with <paramref name="read"/>; absent or null is empty; not an array is an error.</summary>
    public static IReadOnlyList<T> ReadList<T>(JsonElement json, string name, Func<JsonElement, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (!MlflowValues.TryGetField(json, name, out var array)) return [];
        if (array.ValueKind != JsonValueKind.Array) throw MlflowValues.Invalid(array, name);
        var list = new List<T>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) throw MlflowValues.Invalid(item, name);
            list.Add(read(item));
        }
        return list;
    }

    static string Key(JsonElement json)
    {
        var key = MlflowValues.GetString(json, "key");
        return string.IsNullOrEmpty(key) ? throw MlflowErrors.MissingParameter("key") : key;
    }

    static string Value(JsonElement json) => MlflowValues.GetString(json, "value") ?? "";

    static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
