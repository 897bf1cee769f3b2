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

    /// <summary>
    /// runs/log-batch of <paramref name="count"/> points over 10 keys, steps and timestamps <paramref name="first"/>…,
    /// values (<paramref name="first"/> + i) / 1000. Written by <see cref="MetricBody"/>, not Utf8JsonWriter: formatting
    /// 500 doubles the shortest round-trip way cost the load generator about 0.2 ms a request (15 % of all CPU samples
    /// of the 500-metric cases), on the cores the server shares with it.
    /// </summary>
    public static byte[] MetricBatch(string runId, int count, long first)
    {
        var body = new MetricBody(runId, count);
        for (int i = 0; i < count; i++)
        {
            long n = first + i;
            body.Metric(MetricKeyBytes[i % MetricKeyBytes.Length], n / 1000, (int)(n % 1000), n, n);
        }
        return body.Finish();
    }

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
    /// runs/log-batch of <paramref name="count"/> metrics as mlflow-go's <c>k6LogBatchPerfScript.js</c> sends them:
    /// keys <c>metric_0</c>… (one point each), a random value, timestamp now, step 0. The values are random with three
    /// decimals (the script's <c>i × Math.random()</c> has more digits; the store's work is the same).
    /// </summary>
    public static byte[] K6MetricBatch(string runId, int count)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var body = new MetricBody(runId, count);
        for (int i = 0; i < count; i++)
        {
            int thousandths = Random.Shared.Next(1000 * Math.Max(i, 1));
            body.Metric(K6MetricKeyBytes[i], thousandths / 1000, thousandths % 1000, now, 0);
        }
        return body.Finish();
    }

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
    static readonly byte[][] K6MetricKeyBytes = [.. K6MetricKeys.Select(System.Text.Encoding.UTF8.GetBytes)];
    static readonly byte[][] MetricKeyBytes = [.. Enumerable.Range(0, 10).Select(i => System.Text.Encoding.UTF8.GetBytes($"m{i}"))];
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

    /// <summary>
    /// A log-batch body of metrics written straight into UTF-8: <c>{"run_id":…,"metrics":[{"key":…,"value":…,
    /// "timestamp":…,"step":…},…]}</c>, the value as a decimal with three fraction digits, formatted from integers.
    /// Keys and the run id must need no JSON escaping (the benchmark's do not).
    /// </summary>
    ref struct MetricBody
    {
        byte[] _buffer;
        int _length;
        bool _first = true;

        public MetricBody(string runId, int count)
        {
            _buffer = new byte[64 + runId.Length + count * 96];
            Append("{\"run_id\":\""u8);
            _length += System.Text.Encoding.UTF8.GetBytes(runId, _buffer.AsSpan(_length));
            Append("\",\"metrics\":["u8);
        }

        public void Metric(ReadOnlySpan<byte> key, long units, int thousandths, long timestamp, long step)
        {
            Append(_first ? "{\"key\":\""u8 : ",{\"key\":\""u8);
            _first = false;
            Append(key);
            Append("\",\"value\":"u8);
            Number(units);
            Append("."u8);
            _buffer[_length++] = (byte)('0' + thousandths / 100);
            _buffer[_length++] = (byte)('0' + thousandths / 10 % 10);
            _buffer[_length++] = (byte)('0' + thousandths % 10);
            Append(",\"timestamp\":"u8);
            Number(timestamp);
            Append(",\"step\":"u8);
            Number(step);
            Append("}"u8);
        }

        public byte[] Finish()
        {
            Append("]}"u8);
            return _buffer.AsSpan(0, _length).ToArray();
        }

        void Append(ReadOnlySpan<byte> bytes)
        {
            if (_length + bytes.Length + 24 > _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            bytes.CopyTo(_buffer.AsSpan(_length));
            _length += bytes.Length;
        }

        void Number(long value)
        {
            System.Buffers.Text.Utf8Formatter.TryFormat(value, _buffer.AsSpan(_length), out int written);
            _length += written;
        }
    }
}
