using System.Globalization;
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
/// Each client logs to a run of its own with bodies that store something new every time (<see cref="RequestBodies"/>);
/// the "(k6 body)" cases send the k6 script's own bodies instead, every client to one shared run, which is the test
/// the mlflow-go figures come from. Prints one table per store with the mlflow-go figure and Quarry's target (5× faster)
/// beside each case.
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

    /// <summary>When set, measures CPU per request of the write cases with one client (this many requests each) instead of latency.</summary>
    public int? CpuRequests { get; init; }

    /// <summary>When set, only the cases with these names run.</summary>
    public IReadOnlyList<string>? Cases { get; init; }

    public async Task RunAsync()
    {
        output.WriteLine($"Tracking server benchmark: {Environment.ProcessorCount} cores, {Clients} concurrent clients, " +
            $"{Duration.TotalSeconds:F0} s per case (client and server share the machine), {Runs:N0} seeded runs.");
        foreach (var kind in Stores)
        {
            output.WriteLine();
            output.WriteLine($"## {kind}");
            await SeededStore.MeasureAsync(kind, $"tracking-{Runs}", location => TrackingSeed.EnsureAsync(location, Runs, output), MeasureAsync).ConfigureAwait(false);
        }
    }

    async Task MeasureAsync(string store, string dir, TrackingSeed.Dataset dataset)
    {
        await using var app = await QuarryServer.StartAsync(new ServerOptions { Store = store, ArtifactsRoot = Path.Combine(dir, "artifacts"), Port = 0 }).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(address.TrimEnd('/') + "/api/2.0/mlflow/"),
        };
        var api = new MlflowBenchClient(http);
        string experiment = await api.CreateExperimentAsync("bench-writes-" + Guid.NewGuid().ToString("N")).ConfigureAwait(false);
        var runs = new string[Clients];
        for (int c = 0; c < Clients; c++) runs[c] = await api.CreateRunAsync(RequestBodies.CreateRun(experiment, Stamp())).ConfigureAwait(false);
        // mlflow-go's k6 log-batch script: every virtual user logs to the one run its setup created.
        string k6Run = await api.CreateRunAsync(RequestBodies.CreateRun(experiment, Stamp())).ConfigureAwait(false);
        long stamp = 0;
        long Next(int count) => Interlocked.Add(ref stamp, count) - count;
        var cases = new (string Name, Func<int, int, Task> Request, int Clients)[]
        {
            ("CreateRun", (_, _) => api.CreateRunAsync(RequestBodies.CreateRun(experiment, Stamp())), Clients),
            ("LogMetric", (c, _) => api.PostAsync("runs/log-metric", RequestBodies.LogMetric(runs[c], Next(1))), Clients),
            ("LogMetricBatch10", (c, _) => api.PostAsync("runs/log-batch", RequestBodies.MetricBatch(runs[c], 10, Next(10))), Clients),
            ("LogMetricBatch500", (c, _) => api.PostAsync("runs/log-batch", RequestBodies.MetricBatch(runs[c], 500, Next(500))), Clients),
            ("LogMetricBatch1000", (c, _) => api.PostAsync("runs/log-batch", RequestBodies.MetricBatch(runs[c], 1000, Next(1000))), Clients),
            ("LogParamBatch10", (c, i) => api.PostAsync("runs/log-batch", RequestBodies.ParamBatch(runs[c], 10, i)), Clients),
            ("LogParamBatch100", (c, i) => api.PostAsync("runs/log-batch", RequestBodies.ParamBatch(runs[c], 100, i + 1_000_000)), Clients),
            ("SearchRuns", (_, _) => api.PostAsync("runs/search", SearchRunsBody(dataset.ExperimentId)), Clients),
            ("SearchExperiments", (_, _) => api.PostAsync("experiments/search", """{"max_results":100}"""u8.ToArray()), Clients),
            ("GetMetricHistory100k", (_, _) => api.GetAsync(
                $"metrics/get-history?run_id={dataset.HistoryRunId}&metric_key={TrackingSeed.HistoryKey}"), Math.Min(Clients, 4)),
            // Last, so that the cases above run as in earlier sessions (500 keys a batch leave a long WAL behind).
            (K6("LogMetricBatch10"), (_, _) => api.PostAsync("runs/log-batch", RequestBodies.K6MetricBatch(k6Run, 10)), Clients),
            (K6("LogParamBatch10"), (_, _) => api.PostAsync("runs/log-batch", RequestBodies.K6ParamBatch(k6Run, 10)), Clients),
            (K6("LogParamBatch100"), (_, _) => api.PostAsync("runs/log-batch", RequestBodies.K6ParamBatch(k6Run, 100)), Clients),
            (K6("LogMetricBatch500"), (_, _) => api.PostAsync("runs/log-batch", RequestBodies.K6MetricBatch(k6Run, 500)), Clients),
        };
        if (Cases is { } only) cases = [.. cases.Where(c => only.Contains(c.Name, StringComparer.OrdinalIgnoreCase))];
        if (CpuRequests is { } requests)
        {
            // The floor: a request that reaches no store (GET /health), then the writes (or the cases named by --cases).
            (string, Func<int, int, Task>, int) floor = ("Health (HTTP only)", (_, _) => api.GetAsync("/health"), Clients);
            var direct = app.Services.GetRequiredService<Quarry.Tracking.ITrackingStore>();
            (string, Func<int, int, Task>, int)[] storeOnly =
            [
                ("CreateRun (store only)", (_, _) => direct.CreateRunAsync(experiment, "", Stamp(), tags: [new Quarry.Tracking.RunTag("mlflow.user", "bench")]), Clients),
                ("LogMetricBatch10 (store only)", (c, _) => direct.LogBatchAsync(runs[c], MetricPoints(10, Next(10)), null, null), Clients),
                ("LogParamBatch10 (store only)", (c, i) => direct.LogBatchAsync(runs[c], null,
                    [.. Enumerable.Range(0, 10).Select(k => new Quarry.Tracking.Param($"q{i}_{k}", "v"))], null), Clients),
            ];
            await MeasureCpuAsync(store, [floor, .. storeOnly, .. cases.Where(c => Cases is not null || c.Name.StartsWith("Create", StringComparison.Ordinal) || c.Name.StartsWith("Log", StringComparison.Ordinal))],
                requests).ConfigureAwait(false);
            return;
        }
        // A server in service has built the search index of an experiment searched before (the first search of a large
        // one starts the build in the background and is answered by SQL meanwhile): measure searches after it.
        if (app.Services.GetRequiredService<Quarry.Tracking.ITrackingStore>() is Quarry.Tracking.Storage.SqlTrackingStore sql)
        {
            var warm = System.Diagnostics.Stopwatch.StartNew();
            await sql.WarmSearchIndexAsync(dataset.ExperimentId).ConfigureAwait(false);
            output.WriteLine($"search index of the {Runs:N0}-run experiment built in {warm.Elapsed.TotalSeconds:F1} s");
        }
        var results = new List<LoadResult>();
        foreach (var (name, request, clients) in cases)
        {
            // A server in service runs compiled (tier-1) code with its caches warm: a second of the case first, unmeasured,
            // with iterations of its own (the measured ones must log new param keys, not re-log the warm-up's).
            await LoadGenerator.RunAsync(name, clients, Warmup, int.MaxValue, (c, i) => request(c, WarmupIterations + i)).ConfigureAwait(false);
            results.Add(await LoadGenerator.RunAsync(name, clients, Duration, int.MaxValue, request).ConfigureAwait(false));
        }
        Write(results);
    }

    /// <summary>The name of a case sent with the k6 script's own bodies (<see cref="RequestBodies.K6MetricBatch"/>).</summary>
    static string K6(string name) => name + " (k6 body)";

    static Quarry.Tracking.Metric[] MetricPoints(int count, long first) =>
        [.. Enumerable.Range(0, count).Select(i => new Quarry.Tracking.Metric($"m{i % 10}", (first + i) * 0.001, first + i, first + i))];

    static long Stamp() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    static byte[] SearchRunsBody(string experimentId) => Encoding.UTF8.GetBytes(
        $$"""{"experiment_ids":["{{experimentId}}"],"filter":"metrics.m0 > 0.9 and params.p0 = 'a'","order_by":["metrics.m1 DESC"],"max_results":100}""");

    /// <summary>
    /// <paramref name="requests"/> requests per case from <see cref="Clients"/> clients after a warm-up: CPU milliseconds
    /// per request of this process (client and server together) and of the PostgreSQL cluster, with the latency.
    /// </summary>
    async Task MeasureCpuAsync(string store, IEnumerable<(string Name, Func<int, int, Task> Request, int Clients)> cases, int requests)
    {
        var clock = new CpuClock(store.StartsWith("postgres", StringComparison.Ordinal) ? new Uri(store).Port : null);
        output.WriteLine($"| case ({Clients} clients, {requests:N0} requests) | process CPU ms/req | PostgreSQL CPU ms/req | total | SQLite writer thread ms/req | disk KB/req | avg ms | req/s |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        var forever = TimeSpan.FromHours(1);
        foreach (var (name, request, _) in cases)
        {
            await LoadGenerator.RunAsync(name, Clients, forever, Math.Max(2_000, requests / 5), request).ConfigureAwait(false);
            GC.Collect();
            var before = clock.Now();
            long written = CpuClock.DiskWriteBytes();
            var writer = CpuClock.ThreadSeconds(WriterThread);
            var result = await LoadGenerator.RunAsync(name, Clients, forever, requests, (c, i) => request(c, 10_000_000 + i)).ConfigureAwait(false);
            var after = clock.Now();
            double diskKb = (CpuClock.DiskWriteBytes() - written) / 1024.0 / requests;
            // The one thread every SQLite write waits for (GroupCommitter's): its share is what bounds write throughput.
            string writerMs = writer is { } w0 && CpuClock.ThreadSeconds(WriterThread) is { } w1 && w1.Tid == w0.Tid
                ? ((w1.Seconds - w0.Seconds) * 1e3 / requests).ToString("F3", CultureInfo.InvariantCulture) : "";
            double process = (after.Process - before.Process) * 1e3 / requests, pg = (after.Postgres - before.Postgres) * 1e3 / requests;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {process:F3} | {pg:F3} | {process + pg:F3} | {writerMs} | {diskKb:F1} | {result.AverageMs:F2} | {result.PerSecond:F0} |"));
        }
    }

    const string WriterThread = "Quarry SQL writer";

    /// <summary>The unmeasured run before each latency case, and the iteration numbers it uses (apart from the measured ones).</summary>
    static readonly TimeSpan Warmup = TimeSpan.FromSeconds(1);
    const int WarmupIterations = 20_000_000;

    void Write(List<LoadResult> results)
    {
        output.WriteLine("| case | avg ms | p50 ms | p95 ms | iterations | req/s | mlflow-go avg ms | target ms (5× faster) | met |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            double go = Baseline.First(b => r.Case == b.Case || r.Case == K6(b.Case)).GoMs;
            string target = double.IsNaN(go) ? "" : (go / 5).ToString("F2", CultureInfo.InvariantCulture);
            string met = double.IsNaN(go) ? "" : r.AverageMs <= go / 5 ? "yes" : "no";
            string failures = r.Failures > 0 ? $" ({r.Failures} failed)" : "";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Case} | {r.AverageMs:F2} | {r.P50Ms:F2} | {r.P95Ms:F2} | {r.Iterations}{failures} | {r.PerSecond:F0} | {(double.IsNaN(go) ? "" : go.ToString("F2", CultureInfo.InvariantCulture))} | {target} | {met} |"));
        }
    }
}
