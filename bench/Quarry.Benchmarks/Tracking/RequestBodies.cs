using System.Buffers;
using System.Text.Json;

namespace Quarry.Benchmarks.Tracking;

/// <summary>
/// The JSON bodies the benchmark posts, written as UTF-8 with <see cref="Utf8JsonWriter"/> (no strings in between).
/// The main cases carry what mlflow-go's k6 scripts send with values unique where the API needs them, which costs more
/// to store: metric points with a fresh (timestamp, step) each over 10 keys (a repeated point would be skipped as a
/// duplicate), params with keys new to the run (a re-logged key is only compared). The <c>K6…</c> bodies are the
/// script's own, for the same test as its published figures.
/// </summary>
internal static class RequestBodies
{
    /// <summary>runs/create: experiment, start time and the <c>mlflow.user</c> tag, as k6's <c>CreateRun</c>.</summary>
    public static byte[] CreateRun(string experimentId, long startTime) => Write(json =>
    {
        json.WriteString("experiment_id", experimentId);
        json.WriteNumber("start_time", startTime);
        json.WriteStartArray("tags");
        json.WriteStartObject();
        json.WriteString("key", "mlflow.user");
        json.WriteString("value", "bench");
        json.WriteEndObject();
        json.WriteEndArray();
    });

    /// <summary>runs/log-metric of one point.</summary>
    public static byte[] LogMetric(string runId, long stamp) => Write(json =>
    {
        json.WriteString("run_id", runId);
        json.WriteString("key", "single");
        json.WriteNumber("value", stamp);
        json.WriteNumber("timestamp", stamp);
        json.WriteNumber("step", 0);
    });

    /// <summary>runs/log-batch of <paramref name="count"/> points over 10 keys, steps and timestamps <paramref name="first"/>….</summary>
    public static byte[] MetricBatch(string runId, int count, long first) => Write(json =>
    {
        json.WriteString("run_id", runId);
        json.WriteStartArray("metrics");
        for (int i = 0; i < count; i++)
        {
            json.WriteStartObject();
            json.WriteString("key", MetricKeys[i % MetricKeys.Length]);
            json.WriteNumber("value", (first + i) * 0.001);
            json.WriteNumber("timestamp", first + i);
            json.WriteNumber("step", first + i);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    });

    /// <summary>runs/log-batch of <paramref name="count"/> params <c>p{iteration}_{i}</c> (new keys for the run).</summary>
    public static byte[] ParamBatch(string runId, int count, int iteration) => Write(json =>
    {
        json.WriteString("run_id", runId);
        json.WriteStartArray("params");
        for (int i = 0; i < count; i++)
        {
            json.WriteStartObject();
            json.WriteString("key", $"p{iteration}_{i}");
            json.WriteString("value", ParamValues[i]);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    });

    /// <summary>
    /// runs/log-batch of <paramref name="count"/> metrics exactly as mlflow-go's <c>k6LogBatchPerfScript.js</c> sends
    /// them: keys <c>metric_0</c>… (one point each), value <c>i × random</c>, timestamp now, step 0.
    /// </summary>
    public static byte[] K6MetricBatch(string runId, int count) => Write(json =>
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        json.WriteString("run_id", runId);
        json.WriteStartArray("metrics");
        for (int i = 0; i < count; i++)
        {
            json.WriteStartObject();
            json.WriteString("key", K6MetricKeys[i]);
            json.WriteNumber("value", i * Random.Shared.NextDouble());
            json.WriteNumber("timestamp", now);
            json.WriteNumber("step", 0);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    });

    /// <summary>
    /// runs/log-batch of <paramref name="count"/> params exactly as mlflow-go's k6 script sends them: the same keys
    /// <c>param_0</c>… with values <c>param_value_0</c>… every time (after the first batch, re-logs of equal values).
    /// </summary>
    public static byte[] K6ParamBatch(string runId, int count) => Write(json =>
    {
        json.WriteString("run_id", runId);
        json.WriteStartArray("params");
        for (int i = 0; i < count; i++)
        {
            json.WriteStartObject();
            json.WriteString("key", K6ParamKeys[i]);
            json.WriteString("value", K6ParamValues[i]);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    });

    static readonly string[] K6MetricKeys = [.. Enumerable.Range(0, 1000).Select(i => $"metric_{i}")];
    static readonly string[] K6ParamKeys = [.. Enumerable.Range(0, 100).Select(i => $"param_{i}")];
    static readonly string[] K6ParamValues = [.. Enumerable.Range(0, 100).Select(i => $"param_value_{i}")];
    static readonly string[] MetricKeys = [.. Enumerable.Range(0, 10).Select(i => $"m{i}")];
    static readonly string[] ParamValues = [.. Enumerable.Range(0, 100).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    static byte[] Write(Action<Utf8JsonWriter> fields)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            fields(json);
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
