using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Quarry.Server;

namespace Quarry.Benchmarks.Dashboard;

/// <summary>
/// How long a launched backtest takes from <c>POST /api/quarry/backtests</c> to the job reading <c>finished</c>
/// (queue, data load, engine, tearsheet render, tracked run with its artifacts in SQLite and the artifact folder),
/// polled every 5 ms over loopback: SMA-cross (10/30) on samples/data/orcl-1995-2014.txt (4,900 bars), sequentially.
/// Prints the median and maximum, then the launcher pages' render times.
/// </summary>
internal sealed class BacktestLaunchBenchmark(TextWriter output)
{
    public int Samples { get; init; } = 10;

    public async Task RunAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "quarry-launch-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            await using var app = await QuarryServer.StartAsync(new ServerOptions
            {
                Store = "sqlite:" + Path.Combine(dir, "tracking.db"), ArtifactsRoot = Path.Combine(dir, "artifacts"), Port = 0, DataRoot = DataRoot(),
            }).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(address.TrimEnd('/') + "/") };
            output.WriteLine($"Backtest launch benchmark: {Environment.ProcessorCount} cores, sma-cross 10/30 on orcl-1995-2014, {Samples} launches after 2 warm-ups.");
            string job = "";
            for (int i = 0; i < 2; i++) (job, _) = await LaunchAndWaitAsync(http).ConfigureAwait(false);
            var times = new double[Samples];
            for (int i = 0; i < Samples; i++) (job, times[i]) = await LaunchAndWaitAsync(http).ConfigureAwait(false);
            Array.Sort(times);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"POST → finished: median {times[times.Length / 2]:F0} ms, min {times[0]:F0} ms, max {times[^1]:F0} ms"));
            foreach (var (name, path) in new[] { ("launcher form /backtests/new", "backtests/new"), ("finished job page", "backtests/" + job) })
            {
                var pageTimes = new double[20];
                for (int i = 0; i < 23; i++)
                {
                    long start = Stopwatch.GetTimestamp();
                    using var response = await http.GetAsync(path).ConfigureAwait(false);
                    if (response.StatusCode != HttpStatusCode.OK) throw new HttpRequestException($"{(int)response.StatusCode} /{path}");
                    await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                    if (i >= 3) pageTimes[i - 3] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }
                Array.Sort(pageTimes);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: median {pageTimes[10]:F1} ms, p95 {pageTimes[18]:F1} ms"));
            }
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>The samples/data folder the launcher offers.</summary>
    public static string DataRoot() => Path.Combine(Workspace.RepoRoot(), "samples", "data");

    /// <summary>Launches sma-cross 10/30 on orcl-1995-2014 and polls until it is done; returns the job id and the elapsed milliseconds.</summary>
    public static async Task<(string JobId, double Ms)> LaunchAndWaitAsync(HttpClient http)
    {
        long start = Stopwatch.GetTimestamp();
        using var launch = await http.PostAsync("api/quarry/backtests", new StringContent(
            """{"strategy":"sma-cross","params":{"fast":10,"slow":30},"symbol":"orcl-1995-2014","commission":0.001}""", Encoding.UTF8, "application/json")).ConfigureAwait(false);
        using var queued = JsonDocument.Parse(await launch.Content.ReadAsStringAsync().ConfigureAwait(false));
        if (launch.StatusCode != HttpStatusCode.Accepted) throw new HttpRequestException($"launch: {(int)launch.StatusCode} {queued.RootElement}");
        string id = queued.RootElement.GetProperty("job_id").GetString()!;
        while (true)
        {
            using var status = JsonDocument.Parse(await http.GetStringAsync("api/quarry/backtests/" + id).ConfigureAwait(false));
            string state = status.RootElement.GetProperty("state").GetString()!;
            if (state == "finished") return (id, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (state == "failed") throw new InvalidOperationException("the benchmark's job failed: " + status.RootElement.GetProperty("error").GetString());
            await Task.Delay(5).ConfigureAwait(false);
        }
    }
}
