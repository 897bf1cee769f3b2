using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Quarry.Server.Tests.Support;

namespace Quarry.Server.Tests.Dashboard.Support;

/// <summary>
/// A real Quarry server of its own with real tracked backtests, run by the built quarry CLI over the server's REST API
/// and artifact proxy: two SmaCross runs on ORCL in "Alpha.Equities.Trend.Tracked" (fast=10 with its tearsheet and a
/// PNG chart uploaded under charts/, and fast=20), one fast=40 run in "Alpha.Equities.Trend.Other", and one run logged
/// with metrics but no artifacts (so no equity curve).
/// </summary>
public sealed class TrackedBacktests : IAsyncLifetime
{
    RunningServer? _server;
    readonly string _scratch = Path.Combine(Path.GetTempPath(), "quarry-tracked-" + Guid.NewGuid().ToString("N"));

    internal RunningServer Server => _server ?? throw new InvalidOperationException("The fixture is not started.");
    internal string TrackedExperimentId { get; private set; } = "";
    internal string OtherExperimentId { get; private set; } = "";
    internal string Fast10RunId { get; private set; } = "";
    internal string Fast20RunId { get; private set; } = "";
    internal string Fast40RunId { get; private set; } = "";
    internal string NoArtifactsRunId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_scratch);
        _server = await RunningServer.StartAsync();
        var fast10 = Task.Run(() => Backtest("Tracked", "10", html: true));
        var fast20 = Task.Run(() => Backtest("Tracked", "20", html: false));
        (Fast10RunId, TrackedExperimentId) = await fast10;
        (Fast20RunId, _) = await fast20;
        (Fast40RunId, OtherExperimentId) = await Task.Run(() => Backtest("Other", "40", html: false));
        byte[] png = await File.ReadAllBytesAsync(Path.Combine(_scratch, "charts-10", "equity.png"));
        using (var upload = await Server.Http.PostAsync($"/ajax-api/2.0/mlflow/upload-artifact?run_uuid={Fast10RunId}&path=charts/equity.png", new ByteArrayContent(png)))
            Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        NoArtifactsRunId = await RunWithoutArtifactsAsync(TrackedExperimentId);
    }

    (string RunId, string ExperimentId) Backtest(string experiment, string fast, bool html)
    {
        string root = RepositoryRoot();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment.Remove("QUARRY_TRACKING_URI");
        start.Environment.Remove("MLFLOW_TRACKING_URI");
        string[] args = ["backtest", "-d", Path.Combine(root, "samples", "data", "orcl-1995-2014.txt"), "-s", "sma-cross", "-p", "fast=" + fast,
            "--track", "--experiment", "Alpha.Equities.Trend." + experiment, "--tracking-uri", Server.BaseAddress.AbsoluteUri.TrimEnd('/')];
        if (html) args = [.. args, "--html", Path.Combine(_scratch, $"tearsheet-{fast}.html"), "--png", Path.Combine(_scratch, "charts-" + fast)];
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "quarry.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000)) process.Kill(entireProcessTree: true);
        Assert.True(process.ExitCode == 0, $"quarry backtest failed: {stderr.Result}");
        // "tracked run <id> in experiment <name> (id <n>); …"
        string line = stdout.Result.Split('\n').Single(l => l.StartsWith("tracked run ", StringComparison.Ordinal));
        string runId = line.Split(' ')[2];
        string experimentId = line[(line.IndexOf("(id ", StringComparison.Ordinal) + 4)..line.IndexOf(')', StringComparison.Ordinal)];
        return (runId, experimentId);
    }

    async Task<string> RunWithoutArtifactsAsync(string experimentId)
    {
        using var created = await Server.Http.PostAsync("/api/2.0/mlflow/runs/create",
            Json(new { experiment_id = experimentId, run_name = "no-artifacts", start_time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }));
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        string runId = body.RootElement.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
        long t = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var logged = await Server.Http.PostAsync("/api/2.0/mlflow/runs/log-batch", Json(new
        {
            run_id = runId,
            metrics = new[] { new { key = "sharpe", value = -0.5, timestamp = t, step = 0 }, new { key = "cagr", value = -0.01, timestamp = t, step = 0 } },
        }));
        Assert.Equal(HttpStatusCode.OK, logged.StatusCode);
        return runId;
    }

    static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Quarry.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Quarry.slnx not found above " + AppContext.BaseDirectory);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        try { Directory.Delete(_scratch, recursive: true); } catch (IOException) { }
    }
}
