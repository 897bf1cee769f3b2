using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Quarry.Server;
using Quarry.Storage.Testing;
using Quarry.Tracking.Storage;

namespace Quarry.Benchmarks.Dashboard;

/// <summary>
/// How long each dashboard page takes to render with 100,000 runs in the store: <c>quarry serve</c> on loopback over
/// SQLite (or a private PostgreSQL cluster) seeded with <see cref="DashboardSeed"/>, each page requested by one client
/// (warm-up, then <see cref="Samples"/> sequential GETs; the loopback round trip is included, so the figures are an upper
/// bound of the server-side render). Prints the median, p95 and maximum per page against the 300 ms target.
/// </summary>
internal sealed class DashboardBenchmark(TextWriter output)
{
    const double TargetMs = 300;

    public int Runs { get; init; } = 100_000;
    public int Samples { get; init; } = 20;
    public IReadOnlyList<string> Stores { get; init; } = ["sqlite"];

    public async Task RunAsync()
    {
        output.WriteLine($"Dashboard render benchmark: {Environment.ProcessorCount} cores, {Runs:N0} seeded runs, {Samples} sequential GETs per page after warm-up.");
        foreach (var kind in Stores)
        {
            output.WriteLine();
            output.WriteLine($"## {kind}");
            if (kind == "sqlite") await SqliteAsync().ConfigureAwait(false);
            else if (kind == "postgresql") await PostgresAsync().ConfigureAwait(false);
            else throw new ArgumentException($"Unknown store '{kind}' (fix: sqlite or postgresql).");
        }
    }

    async Task SqliteAsync()
    {
        var cache = Path.Combine(Workspace.RepoRoot(), "bench", ".cache", $"dashboard-{Runs}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(cache)!);
        DashboardSeed.Lab lab;
        using (var seedStore = SqlTrackingStore.Open("sqlite:" + cache))
            lab = await DashboardSeed.EnsureAsync(seedStore, Runs, output).ConfigureAwait(false);
        var dir = Path.Combine(Path.GetTempPath(), "quarry-dashboard-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "tracking.db");
            File.Copy(cache, file);
            await MeasureAsync("sqlite:" + file, dir, lab).ConfigureAwait(false);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    async Task PostgresAsync()
    {
        using var server = PostgresServer.Start(durable: true);
        var url = server.CreateDatabase("quarry_dashboard_bench");
        DashboardSeed.Lab lab;
        using (var seedStore = SqlTrackingStore.Open(url))
            lab = await DashboardSeed.EnsureAsync(seedStore, Runs, output).ConfigureAwait(false);
        var dir = Path.Combine(Path.GetTempPath(), "quarry-dashboard-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try { await MeasureAsync(url, dir, lab).ConfigureAwait(false); }
        finally { Directory.Delete(dir, recursive: true); }
    }

    async Task MeasureAsync(string store, string dir, DashboardSeed.Lab lab)
    {
        await using var app = await QuarryServer.StartAsync(new ServerOptions { Store = store, ArtifactsRoot = Path.Combine(dir, "artifacts"), Port = 0, DataRoot = BacktestLaunchBenchmark.DataRoot() }).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address.TrimEnd('/') + "/") };
        string big = "experiments/" + lab.BigExperimentId;
        string bySharpe = Uri.EscapeDataString("metrics.sharpe DESC");
        string filter = Uri.EscapeDataString("metrics.sharpe > 1.5 and params.p0 = 'a'");
        // Deep paging: the store's tokens are MLflow's base64 {"offset": n}; the page before the last of the big experiment.
        string deep = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"offset\": " + (Runs / 2 - 50).ToString(CultureInfo.InvariantCulture) + "}"));
        var (jobId, _) = await BacktestLaunchBenchmark.LaunchAndWaitAsync(http).ConfigureAwait(false);
        var pages = new (string Name, string Path)[]
        {
            ("overview /", ""),
            ("experiments tree (best sharpe)", "experiments"),
            ("experiment runs, first page (50 of 50k)", big),
            ("experiment runs, ordered by sharpe", $"{big}?order_by={bySharpe}"),
            ("experiment runs, metric+param filter, ordered", $"{big}?filter={filter}&order_by={bySharpe}"),
            ("experiment runs, page at offset 49,950", $"{big}?page={Uri.EscapeDataString(deep)}"),
            ("experiment runs, 200 per page, 12 columns", $"{big}?size=200&metrics=sharpe,cagr,total_return,max_drawdown,volatility,sortino,calmar,win_rate&params=p0,p1&tags=symbol,t1"),
            ("run page (10 metrics)", "runs/" + lab.SomeRunIds[0]),
            ("run page, 100k-point history chart", "runs/" + lab.HistoryRunId),
            ("run page, study with 50 children", "runs/" + lab.ParentRunId),
            ("compare 5 runs", "compare?runs=" + string.Join(',', lab.SomeRunIds)),
            ("backtest launcher form", "backtests/new"),
            ("backtest job page (finished)", "backtests/" + jobId),
        };
        output.WriteLine("| page | median ms | p95 ms | max ms | KB | target ms | met |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (var (name, path) in pages)
        {
            var (times, bytes) = await TimeAsync(http, path).ConfigureAwait(false);
            Array.Sort(times);
            double median = times[times.Length / 2], p95 = times[(int)Math.Ceiling(times.Length * 0.95) - 1], max = times[^1];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {median:F1} | {p95:F1} | {max:F1} | {bytes / 1024.0:F0} | {TargetMs:F0} | {(p95 < TargetMs ? "yes" : "no")} |"));
        }
        var csv = Stopwatch.StartNew();
        long csvBytes = await GetAsync(http, $"{big}/runs.csv").ConfigureAwait(false);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CSV export of the big experiment ({Runs / 2 + DashboardSeed.Children + 2:N0} runs, default columns): {csv.Elapsed.TotalMilliseconds:F0} ms, {csvBytes / 1024.0 / 1024:F1} MB (streamed)"));
    }

    async Task<(double[] Ms, long Bytes)> TimeAsync(HttpClient http, string path)
    {
        long bytes = 0;
        for (int i = 0; i < 3; i++) bytes = await GetAsync(http, path).ConfigureAwait(false);
        var times = new double[Samples];
        for (int i = 0; i < Samples; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await GetAsync(http, path).ConfigureAwait(false);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        return (times, bytes);
    }

    /// <summary>GETs the page and returns its size; anything but 200 stops the benchmark.</summary>
    static async Task<long> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new HttpRequestException($"{(int)response.StatusCode} /{path}: {Encoding.UTF8.GetString(body)[..Math.Min(body.Length, 300)]}");
        return body.Length;
    }
}
