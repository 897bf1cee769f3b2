using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Quarry.Server;
using Quarry.Storage.Testing;
using Quarry.Tracking.Storage;

namespace Quarry.Benchmarks.Tracking;

/// <summary>
/// The tracking server under load, as G-Research's mlflow-go benchmark measured MLflow (k6, 20 virtual users, average
/// latency per request): <c>quarry serve</c> on loopback over SQLite and over PostgreSQL (a private durable cluster),
/// with a seeded experiment of 100,000 runs (5 params, 10 metrics, 5 tags each) and a 100,000-point metric history.
/// Prints one table per store with the mlflow-go figure and Quarry's target (5× faster) beside each case.
/// </summary>
internal sealed class TrackingServerBenchmark(TextWriter output)
{
    static readonly (string Case, double GoMs)[] Baseline =
    [
        ("CreateRun", 13.71), ("LogMetric", double.NaN), ("LogMetricBatch10", 18.19), ("LogMetricBatch500", 13.12),
        ("LogMetricBatch1000", double.NaN), ("LogParamBatch10", 7.97), ("LogParamBatch100", 12.02),
        ("SearchRuns", 104.42), ("SearchExperiments", 8.88), ("GetMetricHistory100k", double.NaN),
    ];

    public int Runs { get; init; } = 100_000;
    public int Clients { get; init; } = 20;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(5);
    public IReadOnlyList<string> Stores { get; init; } = ["sqlite", "postgresql"];

    public async Task RunAsync()
    {
        output.WriteLine($"Tracking server benchmark: {Environment.ProcessorCount} cores, {Clients} concurrent clients, " +
            $"{Duration.TotalSeconds:F0} s per case (client and server share the machine), {Runs:N0} seeded runs.");
        foreach (var kind in Stores)
        {
            output.WriteLine();
            output.WriteLine($"## {kind}");
            await SeededStore.MeasureAsync(kind, $"tracking-{Runs}", SeedAsync, MeasureAsync).ConfigureAwait(false);
        }
    }

    async Task<TrackingSeed.Dataset> SeedAsync(string location)
    {
        using var store = SqlTrackingStore.Open(location);
        return await TrackingSeed.EnsureAsync(store, Runs, output).ConfigureAwait(false);
    }

    async Task MeasureAsync(string store, string dir, TrackingSeed.Dataset dataset)
    {
        await using var app = await QuarryServer.StartAsync(new ServerOptions { Store = store, ArtifactsRoot = Path.Combine(dir, "artifacts"), Port = 0 }).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(address.TrimEnd('/') + "/api/2.0/mlflow/"),
        };
        var api = new Api(http);
        string experiment = await api.CreateExperimentAsync("bench-writes-" + Guid.NewGuid().ToString("N")).ConfigureAwait(false);
        var runs = new string[Clients];
        for (int c = 0; c < Clients; c++) runs[c] = await api.CreateRunAsync(experiment).ConfigureAwait(false);
        long stamp = 0;

        var results = new List<LoadResult>
        {
            await Load("CreateRun", (_, _) => api.CreateRunAsync(experiment)),
            await Load("LogMetric", (c, _) => api.PostAsync("runs/log-metric",
                $$"""{"run_id":"{{runs[c]}}","key":"single","value":{{Interlocked.Increment(ref stamp)}},"timestamp":{{stamp}},"step":0}""")),
            await Load("LogMetricBatch10", (c, _) => api.PostAsync("runs/log-batch", MetricBatch(runs[c], 10, ref stamp))),
            await Load("LogMetricBatch500", (c, _) => api.PostAsync("runs/log-batch", MetricBatch(runs[c], 500, ref stamp))),
            await Load("LogMetricBatch1000", (c, _) => api.PostAsync("runs/log-batch", MetricBatch(runs[c], 1000, ref stamp))),
            await Load("LogParamBatch10", (c, i) => api.PostAsync("runs/log-batch", ParamBatch(runs[c], 10, i))),
            await Load("LogParamBatch100", (c, i) => api.PostAsync("runs/log-batch", ParamBatch(runs[c], 100, i + 1_000_000))),
            await Load("SearchRuns", (_, _) => api.PostAsync("runs/search",
                $$"""{"experiment_ids":["{{dataset.ExperimentId}}"],"filter":"metrics.m0 > 0.9 and params.p0 = 'a'","order_by":["metrics.m1 DESC"],"max_results":100}""")),
            await Load("SearchExperiments", (_, _) => api.PostAsync("experiments/search", """{"max_results":100}""")),
            await Load("GetMetricHistory100k", (_, _) => api.GetAsync(
                $"metrics/get-history?run_id={dataset.HistoryRunId}&metric_key={TrackingSeed.HistoryKey}"), clients: Math.Min(Clients, 4)),
        };
        Write(results);

        Task<LoadResult> Load(string name, Func<int, int, Task> request, int? clients = null) =>
            LoadGenerator.RunAsync(name, clients ?? Clients, Duration, int.MaxValue, request);
    }

    static string MetricBatch(string runId, int count, ref long stamp)
    {
        long first = Interlocked.Add(ref stamp, count) - count;
        var json = new StringBuilder(64 + count * 60).Append("{\"run_id\":\"").Append(runId).Append("\",\"metrics\":[");
        for (int i = 0; i < count; i++)
        {
            if (i > 0) json.Append(',');
            json.Append(CultureInfo.InvariantCulture, $"{{\"key\":\"m{i % 10}\",\"value\":{(first + i) * 0.001},\"timestamp\":{first + i},\"step\":{first + i}}}");
        }
        return json.Append("]}").ToString();
    }

    static string ParamBatch(string runId, int count, int iteration)
    {
        var json = new StringBuilder(64 + count * 40).Append("{\"run_id\":\"").Append(runId).Append("\",\"params\":[");
        for (int i = 0; i < count; i++)
        {
            if (i > 0) json.Append(',');
            json.Append(CultureInfo.InvariantCulture, $"{{\"key\":\"p{iteration}_{i}\",\"value\":\"{i}\"}}");
        }
        return json.Append("]}").ToString();
    }

    void Write(List<LoadResult> results)
    {
        output.WriteLine("| case | avg ms | p50 ms | p95 ms | iterations | req/s | mlflow-go avg ms | target ms (5× faster) | met |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            double go = Baseline.First(b => b.Case == r.Case).GoMs;
            string target = double.IsNaN(go) ? "" : (go / 5).ToString("F2", CultureInfo.InvariantCulture);
            string met = double.IsNaN(go) ? "" : r.AverageMs <= go / 5 ? "yes" : "no";
            string failures = r.Failures > 0 ? $" ({r.Failures} failed)" : "";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Case} | {r.AverageMs:F2} | {r.P50Ms:F2} | {r.P95Ms:F2} | {r.Iterations}{failures} | {r.PerSecond:F0} | {(double.IsNaN(go) ? "" : go.ToString("F2", CultureInfo.InvariantCulture))} | {target} | {met} |"));
        }
    }

    /// <summary>Raw MLflow REST calls; any non-200 answer is a failure.</summary>
    sealed class Api(HttpClient http)
    {
        public async Task<string> CreateExperimentAsync(string name)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(await PostAsync("experiments/create", $$"""{"name":"{{name}}"}""").ConfigureAwait(false));
            return doc.RootElement.GetProperty("experiment_id").GetString()!;
        }

        public async Task<string> CreateRunAsync(string experimentId)
        {
            var body = $$"""{"experiment_id":"{{experimentId}}","start_time":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"tags":[{"key":"mlflow.user","value":"bench"}]}""";
            using var doc = System.Text.Json.JsonDocument.Parse(await PostAsync("runs/create", body).ConfigureAwait(false));
            return doc.RootElement.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
        }

        public async Task<string> PostAsync(string path, string json)
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(path, content).ConfigureAwait(false);
            return await Read(response).ConfigureAwait(false);
        }

        public async Task<string> GetAsync(string pathAndQuery)
        {
            using var response = await http.GetAsync(pathAndQuery).ConfigureAwait(false);
            return await Read(response).ConfigureAwait(false);
        }

        static async Task<string> Read(HttpResponseMessage response)
        {
            var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
                throw new HttpRequestException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri?.AbsolutePath}: {text[..Math.Min(text.Length, 200)]}");
            return text;
        }
    }
}
