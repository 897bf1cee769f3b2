using System.Diagnostics;
using System.Text.Json;
using Quarry.Server.Tests.Support;

namespace Quarry.Server.Tests;

/// <summary>
/// A real MLflow client that nobody here wrote — the <c>mlflow</c> npm package 2.0.7 (Yuhsak/mlflow) — logs to a real
/// <c>quarry serve</c> on loopback: MlflowJs/e2e.js runs every call the client has and checks the answers; this test then
/// reads the run back over HTTP to prove the data landed. test.sh installs Node.js and runs <c>npm ci</c> beforehand.
/// </summary>
public class MlflowJsClientTests
{
    static readonly string ScriptDir = Path.Combine(RepoRoot(), "tests", "Quarry.Server.Tests", "MlflowJs");

    [Fact]
    public async Task The_mlflow_npm_client_logs_a_run_end_to_end()
    {
        Assert.True(Directory.Exists(Path.Combine(ScriptDir, "node_modules", "mlflow")),
            $"the mlflow npm client is not installed in {ScriptDir} (fix: run ./test.sh, which runs npm ci there)");
        await using var server = await RunningServer.StartAsync();

        var (exit, stdout, stderr) = await RunNode(server.BaseAddress.ToString().TrimEnd('/'));

        Assert.True(exit == 0, $"e2e.js failed (exit {exit}):\n{stderr}\n{stdout}");
        using var ids = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        var runId = ids.RootElement.GetProperty("run_id").GetString();
        using var run = JsonDocument.Parse(await server.Http.GetStringAsync($"api/2.0/mlflow/runs/get?run_id={runId}"));
        var data = run.RootElement.GetProperty("run").GetProperty("data");
        var metrics = data.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("key").GetString()!, m => m.GetProperty("value").GetDouble());
        Assert.Equal(1.25, metrics["sharpe"]);
        Assert.Equal(-0.2, metrics["max_drawdown"]);
        Assert.Equal(104, metrics["equity"]);
        Assert.Equal("sma-10-30", run.RootElement.GetProperty("run").GetProperty("info").GetProperty("run_name").GetString());
    }

    static async Task<(int Exit, string Stdout, string Stderr)> RunNode(string endpoint)
    {
        var info = new ProcessStartInfo("node") { WorkingDirectory = ScriptDir, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("e2e.js");
        info.ArgumentList.Add(endpoint);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Quarry.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Repository root (Quarry.slnx) not found above " + AppContext.BaseDirectory);
    }
}
