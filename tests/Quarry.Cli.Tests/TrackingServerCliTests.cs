using System.Diagnostics;
using System.Text.Json;
using Quarry.Tracking.Registry;
using Quarry.Tracking.Rest;
using Quarry.Tracking.Storage;
using static Quarry.Cli.Tests.QuarryProcess;

namespace Quarry.Cli.Tests;

/// <summary>The tracking commands against `quarry serve` on loopback: everything goes over MLflow's REST API and the artifact proxy.</summary>
public sealed class TrackingServerCliTests : IDisposable
{
    static readonly Dictionary<string, string?> NoTrackingEnv = new() { ["QUARRY_TRACKING_URI"] = null, ["MLFLOW_TRACKING_URI"] = null };
    readonly string _dir = TempDir();
    readonly Process _server;
    readonly string _url;

    public TrackingServerCliTests()
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "quarry.dll"));
        foreach (var arg in new[] { "serve", "--port", "0", "--store", "sqlite:" + Path.Combine(_dir, "server.db"), "--artifacts", Path.Combine(_dir, "served") })
            start.ArgumentList.Add(arg);
        _server = Process.Start(start)!;
        var line = _server.StandardOutput.ReadLine() ?? throw new InvalidOperationException("quarry serve exited: " + _server.StandardError.ReadToEnd());
        _url = line.Split(' ').First(w => w.StartsWith("http://", StringComparison.Ordinal)).TrimEnd(',');
    }

    (int ExitCode, string Stdout, string Stderr) Quarry(params string[] args) => RunWith(NoTrackingEnv, [.. args, "--tracking-uri", _url]);

    [Fact]
    public void Backtest_optimize_compare_export_archive_and_purge_work_through_the_server()
    {
        var (code, stdout, stderr) = Quarry("backtest", "-d", "samples/data/orcl-1995-2014.txt", "-s", "sma-cross", "-p", "fast=10",
            "--track", "--experiment", "Alpha.Equities.Trend.Served");
        Assert.True(code == 0, stderr);
        var runId = stdout.Split('\n').Single(l => l.StartsWith("tracked run ", StringComparison.Ordinal)).Split(' ')[2];

        (code, stdout, stderr) = Quarry("runs", "show", runId, "--json");
        Assert.True(code == 0, stderr);
        var run = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("FINISHED", run.GetProperty("info").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("artifact_folder").ValueKind); // the files live on the server
        Assert.Equal(["equity.csv", "result.json", "trades.csv"], run.GetProperty("artifacts").EnumerateArray().Select(a => a.GetString()));
        var experimentId = run.GetProperty("info").GetProperty("experiment_id").GetString()!;
        var served = Path.Combine(_dir, "served", experimentId, runId, "artifacts");
        Assert.True(File.Exists(Path.Combine(served, "equity.csv")), "the artifact was not uploaded into the server's artifact root");

        (code, stdout, stderr) = Quarry("optimize", "-d", "samples/data/orcl-1995-2014.txt", "-s", "sma-cross", "--trials", "8", "--seed", "2",
            "--track", "--experiment", "Alpha.Equities.Trend.Served");
        Assert.True(code == 0, stderr);
        Assert.Contains("with 8 child runs", stdout);

        (code, stdout, stderr) = Quarry("runs", "search", "--project", "Alpha", "--format", "json");
        Assert.True(code == 0, stderr);
        var ids = JsonDocument.Parse(stdout).RootElement.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("info").GetProperty("run_id").GetString()!).ToList();
        Assert.Equal(10, ids.Count); // the backtest, the study and its 8 trials
        (code, _, stderr) = Quarry("runs", "compare", ids[0], ids[1], "--format", "json");
        Assert.True(code == 0, stderr);
        var export = Path.Combine(_dir, "runs.csv");
        (code, _, stderr) = Quarry("export", "runs", "--output", export);
        Assert.True(code == 0, stderr);
        Assert.Equal(11, File.ReadAllLines(export).Length);

        (code, stdout, stderr) = Quarry("archive", "--older-than", "0d");
        Assert.True(code == 0, stderr);
        Assert.Contains("archived 10 run(s)", stdout);
        (code, stdout, stderr) = Quarry("purge", "--yes");
        Assert.True(code == 0, stderr);
        Assert.Contains("purged 10 deleted run(s)", stdout);
        Assert.False(Directory.Exists(Path.Combine(_dir, "served", experimentId, runId)), "purge left the run's artifacts on the server");
        Assert.Equal(3, Quarry("runs", "show", runId).ExitCode);
    }

    [Fact]
    public async Task Models_commands_work_on_the_server_registry_over_REST()
    {
        string runId, artifactUri;
        using (var store = new RestTrackingStore(_url))
        {
            var experiment = await store.CreateExperimentAsync("Alpha.Equities.Trend.ServedModels");
            var run = (await store.CreateRunAsync(experiment, "alice", 1000)).Info;
            (runId, artifactUri) = (run.RunId, run.ArtifactUri);
        }
        var (code, stdout, stderr) = Quarry("models", "register", "SmaCrossServed", "--run", runId, "--path", "model", "--tag", "symbol=ORCL");
        Assert.True(code == 0, stderr);
        Assert.Contains("created model SmaCrossServed", stdout);
        Assert.Contains("registered SmaCrossServed version 1", stdout);
        Assert.Equal(0, Quarry("models", "register", "SmaCrossServed", "--run", runId).ExitCode);
        Assert.Equal(0, Quarry("models", "create", "SmaCrossSpare", "--description", "kept for later").ExitCode);
        Assert.Equal(0, Quarry("models", "transition", "SmaCrossServed", "1", "production").ExitCode);
        (code, stdout, stderr) = Quarry("models", "transition", "SmaCrossServed", "2", "Production", "--archive-existing");
        Assert.True(code == 0, stderr);
        Assert.Contains("version 2 is now in Production", stdout);
        Assert.Equal(0, Quarry("models", "alias", "SmaCrossServed", "champion", "2").ExitCode);

        (code, stdout, stderr) = Quarry("models", "show", "SmaCrossServed", "--json");
        Assert.True(code == 0, stderr);
        var versions = JsonDocument.Parse(stdout).RootElement.GetProperty("model_versions").EnumerateArray().ToList();
        Assert.Equal(["Archived", "Production"], versions.Select(v => v.GetProperty("current_stage").GetString()));
        Assert.Equal(artifactUri + "/model", versions[0].GetProperty("source").GetString());
        Assert.Equal("ORCL", versions[0].GetProperty("tags").GetProperty("symbol").GetString());
        Assert.Equal(["champion"], versions[1].GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));

        (code, stdout, stderr) = Quarry("models", "history", "SmaCrossServed", "--json");
        Assert.True(code == 0, stderr);
        var moves = JsonDocument.Parse(stdout).RootElement.GetProperty("transitions").EnumerateArray().ToList();
        Assert.Equal(["1:None>Production", "2:None>Production", "1:Production>Archived"],
            moves.Select(t => $"{t.GetProperty("version").GetString()}:{t.GetProperty("from_stage").GetString()}>{t.GetProperty("to_stage").GetString()}"));
        Assert.All(moves, t => Assert.Equal(Environment.UserName, t.GetProperty("user_id").GetString()));

        (code, stdout, _) = Quarry("models", "list");
        Assert.Equal(0, code);
        Assert.Contains("Production: v2", stdout);
        Assert.Contains("champion → v2", stdout);
        Assert.Contains("SmaCrossSpare", stdout);

        Assert.Equal(3, Quarry("models", "show", "NoSuchModel").ExitCode);
        Assert.Equal(5, Quarry("models", "create", "SmaCrossServed").ExitCode);
        Assert.Equal(2, Quarry("models", "transition", "SmaCrossServed", "1", "Live").ExitCode);

        // It all lives in the server's database.
        using var database = TrackingDatabase.Open("sqlite:" + Path.Combine(_dir, "server.db"));
        var stored = await database.Registry.GetVersionByAliasAsync("SmaCrossServed", "champion");
        Assert.Equal(("2", ModelStage.Production, runId), (stored.Version, stored.CurrentStage, stored.RunId));
    }

    public void Dispose()
    {
        if (!_server.HasExited) _server.Kill(entireProcessTree: true);
        _server.WaitForExit(10_000);
        _server.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
