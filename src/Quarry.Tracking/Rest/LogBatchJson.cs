using System.Text.Json;

namespace Quarry.Tracking.Rest;

/// <summary>The fields of a runs/log-batch request body.</summary>
public sealed record LogBatchBody(string RunId, IReadOnlyList<Metric> Metrics, IReadOnlyList<Param> Params, IReadOnlyList<RunTag> Tags);

/// <summary>
/// Reads a runs/log-batch body in one forward pass of <see cref="Utf8JsonReader"/>, without building a
/// <see cref="JsonDocument"/> first (for a 500-metric batch, parsing into a document and reading it back cost about a
/// quarter of the request's CPU). Only the shape every MLflow client sends is read here: string ids, keys and values,
/// number values, integer timestamps and steps, each field once. Anything else (a field repeated or null, a number
/// sent as a string, NaN, a missing field, malformed JSON, a double-encoded body) declines, and the caller reads the
/// body with <see cref="MlflowJsonReader"/>, whose lenient reading and error messages are the only ones: so whenever
/// this reader accepts a body, the result is the one that reading gives. Thread-safe (no state).
/// </summary>
public static class LogBatchJson
{
    /// <summary>The batch in <paramref name="utf8"/>, or null when it needs <see cref="MlflowJsonReader"/>'s reading.</summary>
    public static LogBatchBody? TryRead(ReadOnlySpan<byte> utf8)
    {
        try { return Read(utf8); }
        catch (JsonException) { return null; }
        catch (InvalidOperationException) { return null; }
    }

    static LogBatchBody? Read(ReadOnlySpan<byte> utf8)
    {
        var json = new Utf8JsonReader(utf8);
        if (!json.Read() || json.TokenType != JsonTokenType.StartObject) return null;
        string? runId = null, runUuid = null;
        List<Metric>? metrics = null;
        List<Param>? @params = null;
        List<RunTag>? tags = null;
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            if (json.ValueTextEquals("run_id"u8))
            {
                if (runId is not null || !ReadString(ref json, out runId)) return null;
            }
            else if (json.ValueTextEquals("run_uuid"u8))
            {
                if (runUuid is not null || !ReadString(ref json, out runUuid)) return null;
            }
            else if (json.ValueTextEquals("metrics"u8))
            {
                if (metrics is not null || (metrics = ReadMetrics(ref json)) is null) return null;
            }
            else if (json.ValueTextEquals("params"u8))
            {
                if (@params is not null || (@params = ReadPairs(ref json, (k, v) => new Param(k, v))) is null) return null;
            }
            else if (json.ValueTextEquals("tags"u8))
            {
                if (tags is not null || (tags = ReadPairs(ref json, (k, v) => new RunTag(k, v))) is null) return null;
            }
            else
            {
                json.Skip();
            }
        }
        if (json.TokenType != JsonTokenType.EndObject || json.Read()) return null;
        string? id = string.IsNullOrEmpty(runId) ? runUuid : runId;
        if (string.IsNullOrEmpty(id)) return null;
        return new LogBatchBody(id, (IReadOnlyList<Metric>?)metrics ?? [], (IReadOnlyList<Param>?)@params ?? [], (IReadOnlyList<RunTag>?)tags ?? []);
    }

    static List<Metric>? ReadMetrics(ref Utf8JsonReader json)
    {
        if (!json.Read() || json.TokenType != JsonTokenType.StartArray) return null;
        var list = new List<Metric>();
        while (json.Read() && json.TokenType == JsonTokenType.StartObject)
        {
            string? key = null, modelId = null;
            double? value = null;
            long? timestamp = null, step = null;
            while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
            {
                if (json.ValueTextEquals("key"u8))
                {
                    if (key is not null || !ReadString(ref json, out key)) return null;
                }
                else if (json.ValueTextEquals("value"u8))
                {
                    if (value is not null || !json.Read() || json.TokenType != JsonTokenType.Number || !json.TryGetDouble(out double v)) return null;
                    value = v;
                }
                else if (json.ValueTextEquals("timestamp"u8))
                {
                    if (timestamp is not null || !ReadInt64(ref json, out long t)) return null;
                    timestamp = t;
                }
                else if (json.ValueTextEquals("step"u8))
                {
                    if (step is not null || !ReadInt64(ref json, out long s)) return null;
                    step = s;
                }
                else if (json.ValueTextEquals("model_id"u8))
                {
                    if (modelId is not null || !ReadString(ref json, out modelId)) return null;
                }
                else
                {
                    json.Skip();
                }
            }
            if (string.IsNullOrEmpty(key) || value is not { } metricValue || timestamp is not { } time) return null;
            list.Add(new Metric(key, metricValue, time, step ?? 0) { ModelId = string.IsNullOrEmpty(modelId) ? null : modelId });
        }
        return json.TokenType == JsonTokenType.EndArray ? list : null;
    }

    static List<T>? ReadPairs<T>(ref Utf8JsonReader json, Func<string, string, T> create)
    {
        if (!json.Read() || json.TokenType != JsonTokenType.StartArray) return null;
        var list = new List<T>();
        while (json.Read() && json.TokenType == JsonTokenType.StartObject)
        {
            string? key = null, value = null;
            while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
            {
                if (json.ValueTextEquals("key"u8))
                {
                    if (key is not null || !ReadString(ref json, out key)) return null;
                }
                else if (json.ValueTextEquals("value"u8))
                {
                    if (value is not null || !ReadString(ref json, out value)) return null;
                }
                else
                {
                    json.Skip();
                }
            }
            if (string.IsNullOrEmpty(key)) return null;
            list.Add(create(key, value ?? ""));
        }
        return json.TokenType == JsonTokenType.EndArray ? list : null;
    }

    /// <summary>Moves to the property's value; true with the text when it is a JSON string.</summary>
    static bool ReadString(ref Utf8JsonReader json, out string? text)
    {
        text = json.Read() && json.TokenType == JsonTokenType.String ? json.GetString() : null;
        return text is not null;
    }

    static bool ReadInt64(ref Utf8JsonReader json, out long value)
    {
        value = 0;
        return json.Read() && json.TokenType == JsonTokenType.Number && json.TryGetInt64(out value);
    }
}
