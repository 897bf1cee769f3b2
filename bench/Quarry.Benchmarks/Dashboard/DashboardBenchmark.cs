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
/// bound of the server-side render). The registry pages run over <see cref="RegistrySeed"/>'s models next to the runs. Prints the median, p95 and maximum per page against the 300 ms target.
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
            await SeededStore.MeasureAsync(kind, $"dashboard-{Runs}", SeedAsync, MeasureAsync).ConfigureAwait(false);
        }
    }

    /// <summary>The runs, then the model registry (whose versions come from the lab's runs).</summary>
    async Task<DashboardSeed.Lab> SeedAsync(string location)
    {
        using var seed = TrackingDatabase.Open(location);
        var lab = await DashboardSeed.EnsureAsync(seed.Tracking, Runs, output).ConfigureAwait(false);
        await RegistrySeed.EnsureAsync(seed.Registry, lab.SomeRunIds, output).ConfigureAwait(false);
        return lab;
    }

    async Task MeasureAsync(string store, string dir, DashboardSeed.Lab lab)
    {
        BenchStudy.Ensure(store, output);
        await using var app = await QuarryServer.StartAsync(new ServerOptions { Store = store, ArtifactsRoot = Path.Combine(dir, "artifacts"), Port = 0, DataRoot = BacktestLaunchBenchmark.DataRoot() }).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address.TrimEnd('/') + "/") };
        string big = "experiments/" + lab.BigExperimentId;
        string bySharpe = Uri.EscapeDataString("metrics.sharpe DESC");
        string filter = Uri.EscapeDataString("metrics.sharpe > 1.5 and params.p0 = 'a'");
        // Deep paging: the store's tokens are MLflow's base64 {"offset": n}; the page before the last of the big experiment.
        string deep = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"offset\": " + (Runs / 2 - 50).ToString(CultureInfo.InvariantCulture) + "}"));
        var (jobId, _) = await BacktestLaunchBenchmark.LaunchAndWaitAsync(http).ConfigureAwait(false);
        await WriteEquityArtifactsAsync(app.Services, lab.SomeRunIds.Take(3)).ConfigureAwait(false);
        string bestRuns = $"compare?experiments={lab.BigExperimentId},{lab.ExperimentIds[1]},{lab.ExperimentIds[2]},{lab.ExperimentIds[3]},{lab.ExperimentIds[4]}";
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
            ("compare 5 runs (3 with a 5,000-row equity.csv overlaid)", "compare?runs=" + string.Join(',', lab.SomeRunIds)),
            ("compare 2 experiments (50k + 2.6k runs)", $"compare?experiments={lab.BigExperimentId},{lab.ExperimentIds[1]}"),
            ("compare 5 experiments, best and median of sharpe", bestRuns),
            ("artifact view, equity.csv (first 200 of 5,000 rows)", $"runs/{lab.SomeRunIds[0]}/artifacts/view?path=equity.csv"),
            ("login page", "login"),
            ($"models list ({RegistrySeed.Models} models, first 50)", "models"),
            ("models search, name LIKE, by name", "models?filter=" + Uri.EscapeDataString("name LIKE '%-01%'") + "&order_by=" + Uri.EscapeDataString("name ASC")),
            ($"model page ({RegistrySeed.Versions} versions, history, newest selected)", "models/" + RegistrySeed.Name(7)),
            ("model page, archived version selected", "models/" + RegistrySeed.Name(7) + "?version=3"),
            ("backtest launcher form", "backtests/new"),
            ("backtest job page (finished)", "backtests/" + jobId),
            ("studies list", "studies"),
            ($"study page, {BenchStudy.Trials:N0} trials (importance cached)", "studies/" + BenchStudy.Name),
            ($"study page, {BenchStudy.Trials:N0} trials, sorted by value, page 5", $"studies/{BenchStudy.Name}?sort=value&dir=desc&page=5"),
            ($"study API (the page's poll), {BenchStudy.Trials:N0} trials", "api/quarry/studies/" + BenchStudy.Name),
        };
        var cold = Stopwatch.StartNew();
        await GetAsync(http, "studies/" + BenchStudy.Name).ConfigureAwait(false);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"First study page render ({BenchStudy.Trials:N0} trials read from storage, fANOVA importance computed): {cold.Elapsed.TotalMilliseconds:F0} ms"));
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

    /// <summary>Gives each run an equity.csv of 5,000 daily rows (what <c>quarry backtest --track</c> logs) in the server's artifact store.</summary>
    static async Task WriteEquityArtifactsAsync(IServiceProvider services, IEnumerable<string> runIds)
    {
        var store = services.GetRequiredService<Quarry.Tracking.ITrackingStore>();
        var artifacts = services.GetRequiredService<Quarry.Tracking.Artifacts.IArtifactStore>();
        foreach (var runId in runIds)
        {
            var run = await store.GetRunAsync(runId).ConfigureAwait(false);
            if (!Quarry.Tracking.Artifacts.ProxiedArtifactUri.TryGetPath(run.Info.ArtifactUri, out var root)) continue;
            var csv = new StringBuilder("time,equity,cash,gross_exposure\n");
            double equity = 100_000;
            var day = new DateTime(2000, 1, 3, 0, 0, 0, DateTimeKind.Utc);
            for (int i = 0; i < 5000; i++, day = day.AddDays(1))
            {
                equity *= 1 + 0.0004 + 0.01 * Math.Sin(i * 0.13 + runId[0]);
                csv.Append(CultureInfo.InvariantCulture, $"{day:yyyy-MM-dd},{equity:F2},{equity / 2:F2},{equity / 2:F2}\n");
            }
            using var content = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()));
            await artifacts.WriteAsync(root + "/equity.csv", content).ConfigureAwait(false);
        }
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
