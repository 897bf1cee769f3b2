using System.Text.Json;
using Quarry.Core;
using Quarry.Tracking.Models;

namespace Quarry.Tracking.Rest;

/// <summary>
/// MLflow 3's logged-model messages on the wire (<c>service.proto</c>: <c>LoggedModel{info, data}</c>, <c>ModelInput</c>,
/// <c>ModelOutput</c>, search order_by items), written by the server and read by <see cref="RestTrackingStore"/>.
/// Responses omit empty fields. Thread-safe.
/// </summary>
public static class LoggedModelJson
{
    /// <summary>The wire name of a status: <c>LOGGED_MODEL_PENDING</c>, <c>LOGGED_MODEL_READY</c>, <c>LOGGED_MODEL_UPLOAD_FAILED</c>.</summary>
    public static string StatusName(LoggedModelStatus status) => status switch
    {
        LoggedModelStatus.Pending => "LOGGED_MODEL_PENDING",
        LoggedModelStatus.Ready => "LOGGED_MODEL_READY",
        LoggedModelStatus.Failed => "LOGGED_MODEL_UPLOAD_FAILED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a logged model status."),
    };

    /// <summary>
    /// Parses a status: the wire name, the same without <c>LOGGED_MODEL_</c> (<c>READY</c>, <c>UPLOAD_FAILED</c>, also
    /// <c>FAILED</c>; any case) or the proto number 1–3. False otherwise.
    /// </summary>
    public static bool TryParseStatus(string? text, out LoggedModelStatus status)
    {
        string upper = (text ?? "").Trim().ToUpperInvariant();
        if (upper.StartsWith("LOGGED_MODEL_", StringComparison.Ordinal)) upper = upper["LOGGED_MODEL_".Length..];
        (bool ok, status) = upper switch
        {
            "PENDING" or "1" => (true, LoggedModelStatus.Pending),
            "READY" or "2" => (true, LoggedModelStatus.Ready),
            "UPLOAD_FAILED" or "FAILED" or "3" => (true, LoggedModelStatus.Failed),
            _ => (false, LoggedModelStatus.Pending),
        };
        return ok;
    }

    /// <summary>Reads a status field (name or number); null when absent; InvalidParameter when not a status.</summary>
    public static LoggedModelStatus? GetStatus(JsonElement obj, string name)
    {
        if (!MlflowValues.TryGetField(obj, name, out var value)) return null;
        string text = value.ValueKind == JsonValueKind.Number ? value.GetRawText() : MlflowValues.AsString(value, name);
        return TryParseStatus(text, out var status) ? status : throw InvalidStatus(name, text);
    }

    /// <summary>The error for a value that is not a logged-model status.</summary>
    public static QuarryException InvalidStatus(string name, string text) =>
        new(ErrorCode.InvalidParameter, $"Invalid value '{text}' for parameter '{name}' (fix: use LOGGED_MODEL_READY or LOGGED_MODEL_UPLOAD_FAILED).");

    /// <summary>Writes a <c>LoggedModel</c> object: <c>info</c> (with tags) and <c>data</c> (params, metrics).</summary>
    public static void WriteLoggedModel(Utf8JsonWriter writer, LoggedModel model)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(model);
        writer.WriteStartObject();
        writer.WriteStartObject("info");
        writer.WriteString("model_id", model.ModelId);
        writer.WriteString("experiment_id", model.ExperimentId);
        writer.WriteString("name", model.Name);
        writer.WriteNumber("creation_timestamp_ms", model.CreationTimestamp);
        writer.WriteNumber("last_updated_timestamp_ms", model.LastUpdatedTimestamp);
        writer.WriteString("artifact_uri", model.ArtifactUri);
        writer.WriteString("status", StatusName(model.Status));
        MlflowJsonWriter.WriteNonEmpty(writer, "model_type", model.ModelType);
        MlflowJsonWriter.WriteNonEmpty(writer, "source_run_id", model.SourceRunId);
        MlflowJsonWriter.WriteNonEmpty(writer, "status_message", model.StatusMessage);
        WriteKeyValues(writer, "tags", model.Tags.Select(t => (t.Key, t.Value)).ToList());
        writer.WriteEndObject();
        writer.WriteStartObject("data");
        WriteKeyValues(writer, "params", model.Params.Select(p => (p.Key, p.Value)).ToList());
        if (model.Metrics.Count > 0)
        {
            writer.WriteStartArray("metrics");
            foreach (var m in model.Metrics) MlflowJsonWriter.WriteMetric(writer, m.Metric, m.RunId);
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Reads a <c>LoggedModel</c> object; <c>info.model_id</c> is required, absent lists are empty.</summary>
    public static LoggedModel ReadLoggedModel(JsonElement json)
    {
        if (!MlflowValues.TryGetField(json, "info", out var info)) throw MlflowErrors.MissingParameter("info");
        string id = MlflowValues.GetString(info, "model_id") is { Length: > 0 } s ? s : throw MlflowErrors.MissingParameter("model_id");
        var data = MlflowValues.TryGetField(json, "data", out var d) ? d : default;
        return new LoggedModel(id, MlflowValues.GetString(info, "experiment_id") ?? "", MlflowValues.GetString(info, "name") ?? "",
            MlflowValues.GetString(info, "artifact_uri") ?? "", MlflowValues.GetInt64(info, "creation_timestamp_ms") ?? 0,
            MlflowValues.GetInt64(info, "last_updated_timestamp_ms") ?? 0, GetStatus(info, "status") ?? LoggedModelStatus.Pending)
        {
            ModelType = NonEmpty(MlflowValues.GetString(info, "model_type")),
            SourceRunId = NonEmpty(MlflowValues.GetString(info, "source_run_id")),
            StatusMessage = NonEmpty(MlflowValues.GetString(info, "status_message")),
            Tags = MlflowJsonReader.ReadList(info, "tags", MlflowJsonReader.ReadRunTag),
            Params = data.ValueKind == JsonValueKind.Object ? MlflowJsonReader.ReadList(data, "params", MlflowJsonReader.ReadParam) : [],
            Metrics = data.ValueKind == JsonValueKind.Object
                ? MlflowJsonReader.ReadList(data, "metrics", m => new LoggedModelMetric(MlflowJsonReader.ReadMetric(m), MlflowValues.GetString(m, "run_id") ?? ""))
                : [],
        };
    }

    /// <summary>Reads a <c>ModelInput</c> object's <c>model_id</c> (required).</summary>
    public static string ReadModelInput(JsonElement json) =>
        MlflowValues.GetString(json, "model_id") is { Length: > 0 } id ? id : throw MlflowErrors.MissingParameter("model_id");

    /// <summary>Reads a <c>ModelOutput</c> object (<c>model_id</c> required, <c>step</c> defaults to 0).</summary>
    public static LoggedModelOutput ReadModelOutput(JsonElement json) => new(ReadModelInput(json), MlflowValues.GetInt64(json, "step") ?? 0);

    /// <summary>Writes a <c>ModelOutput</c> object.</summary>
    public static void WriteModelOutput(Utf8JsonWriter writer, LoggedModelOutput output)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(output);
        writer.WriteStartObject();
        writer.WriteString("model_id", output.ModelId);
        writer.WriteNumber("step", output.Step);
        writer.WriteEndObject();
    }

    /// <summary>Writes a <c>ModelInput</c> object.</summary>
    public static void WriteModelInput(Utf8JsonWriter writer, string modelId)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("model_id", modelId);
        writer.WriteEndObject();
    }

    /// <summary>Reads a search order_by item: <c>field_name</c> (required) and <c>ascending</c> (default true).</summary>
    public static LoggedModelOrder ReadOrder(JsonElement json)
    {
        string field = MlflowValues.GetString(json, "field_name") is { Length: > 0 } f ? f : throw MlflowErrors.MissingParameter("field_name");
        bool ascending = !MlflowValues.TryGetField(json, "ascending", out var a) || a.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(a.GetString(), out bool b) => b,
            _ => throw MlflowValues.Invalid(a, "ascending"),
        };
        return new LoggedModelOrder(field, ascending);
    }

    /// <summary>Writes a search order_by item.</summary>
    public static void WriteOrder(Utf8JsonWriter writer, LoggedModelOrder order)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(order);
        writer.WriteStartObject();
        writer.WriteString("field_name", order.FieldName);
        writer.WriteBoolean("ascending", order.Ascending);
        writer.WriteEndObject();
    }

    /// <summary>Writes the response of logged-models/search: <c>models</c> and <c>next_page_token</c> (omitted when empty).</summary>
    public static void WriteLoggedModelsPage(Utf8JsonWriter writer, LoggedModelsPage page)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(page);
        writer.WriteStartObject();
        if (page.Models.Count > 0)
        {
            writer.WriteStartArray("models");
            foreach (var m in page.Models) WriteLoggedModel(writer, m);
            writer.WriteEndArray();
        }
        MlflowJsonWriter.WriteNonEmpty(writer, "next_page_token", page.NextPageToken);
        writer.WriteEndObject();
    }

    /// <summary>Reads the response of logged-models/search.</summary>
    public static LoggedModelsPage ReadLoggedModelsPage(JsonElement json) =>
        new(MlflowJsonReader.ReadList(json, "models", ReadLoggedModel), NonEmpty(MlflowValues.GetString(json, "next_page_token")));

    /// <summary>Writes <c>{key, value}</c> objects as an array property, omitted when empty.</summary>
    internal static void WriteKeyValues(Utf8JsonWriter writer, string name, List<(string Key, string Value)> items)
    {
        if (items.Count == 0) return;
        writer.WriteStartArray(name);
        foreach (var (key, value) in items) MlflowJsonWriter.WriteTag(writer, key, value);
        writer.WriteEndArray();
    }

    static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
