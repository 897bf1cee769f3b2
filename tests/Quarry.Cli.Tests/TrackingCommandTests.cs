using System.Text.Json;
using static Quarry.Cli.Tests.QuarryProcess;
using static Quarry.Cli.Tests.TrackingCli;

namespace Quarry.Cli.Tests;

public class TrackingCommandTests
{
    static string RunIdOf(string stdout)
    {
        var line = stdout.Split('\n').Single(l => l.StartsWith("tracked run ", StringComparison.Ordinal));
        return line.Split(' ')[2];
    }

    [Fact]
    public void Backtest_track_records_experiment_run_metrics_and_artifacts()
    {
        var dir = TempDir();
        var db = Path.Combine(dir, "t.db");
        var result = Path.Combine(dir, "r.json");
        var html = Path.Combine(dir, "sheet.html");
        var (code, stdout, stderr) = RunIn(db, "backtest", "-d", "samples/data/orcl-1995-2014.txt", "-s", "sma-cross",
            "-p", "fast=10", "-p", "slow=30", "--commission-pct", "0.001", "--json", result, "--html", html,
            "--track", "--project", "Alpha", "--asset-class", "Equities", "--strategy-family", "Momentum", "--team", "quant");
        Assert.True(code == 0, stderr);
        var runId = RunIdOf(stdout);
        Assert.Contains("Alpha.Equities.Momentum.sma-cross", stdout);

        (code, stdout, stderr) = RunIn(db, "experiments", "list", "--json");
        Assert.True(code == 0, stderr);
        var experiment = Json(stdout).EnumerateArray().Single(e => e.GetProperty("name").GetString() == "Alpha.Equities.Momentum.sma-cross");
        var tags = experiment.GetProperty("tags");
        Assert.Equal("Alpha", tags.GetProperty("project").GetString());
        Assert.Equal("Equities", tags.GetProperty("asset_class").GetString());
        Assert.Equal("Momentum", tags.GetProperty("strategy_family").GetString());
        Assert.Equal("sma-cross", tags.GetProperty("strategy").GetString());
        Assert.Equal("quant", tags.GetProperty("team").GetString());
        Assert.Equal("research", tags.GetProperty("status").GetString());

        (code, stdout, stderr) = RunIn(db, "runs", "show", runId, "--json");
        Assert.True(code == 0, stderr);
        var run = Json(stdout);
        Assert.Equal("FINISHED", run.GetProperty("info").GetProperty("status").GetString());
        Assert.Equal(experiment.GetProperty("experiment_id").GetString(), run.GetProperty("info").GetProperty("experiment_id").GetString());
        Assert.Equal("10", run.GetProperty("params").GetProperty("fast").GetString());
        Assert.Equal("30", run.GetProperty("params").GetProperty("slow").GetString());
        Assert.Equal("0.001", run.GetProperty("params").GetProperty("commission_pct").GetString());
        Assert.Equal("all-in", run.GetProperty("params").GetProperty("sizing").GetString());
        using var backtest = JsonDocument.Parse(File.ReadAllText(result));
        Assert.Equal(backtest.RootElement.GetProperty("metrics").GetProperty("sharpe").GetDouble(),
            run.GetProperty("metrics").GetProperty("sharpe").GetDouble());
        Assert.True(run.GetProperty("metrics").TryGetProperty("ulcer_index", out _), "tearsheet metrics are logged");
        Assert.Equal("cli", run.GetProperty("tags").GetProperty("quarry.source").GetString());
        Assert.Equal("sma-cross", run.GetProperty("tags").GetProperty("strategy").GetString());

        var folder = run.GetProperty("artifact_folder").GetString()!;
        Assert.Equal(Path.Combine(dir, ".quarry", "artifacts", experiment.GetProperty("experiment_id").GetString()!, runId, "artifacts"), folder);
        foreach (var file in new[] { "equity.csv", "trades.csv", "result.json", "tearsheet.html" })
            Assert.True(File.Exists(Path.Combine(folder, file)), $"missing artifact {file}");
        Assert.Equal(4, run.GetProperty("artifacts").GetArrayLength());

        (code, stdout, stderr) = RunIn(db, "runs", "show", runId);
        Assert.True(code == 0, stderr);
        Assert.Contains(runId, stdout);
        Assert.Contains("sharpe", stdout);
        Assert.Contains("equity.csv", stdout);
    }

    [Fact]
    public void Experiments_create_rename_delete_restore_round_trip()
    {
        var db = Path.Combine(TempDir(), "t.db");
        var (code, stdout, stderr) = RunIn(db, "experiments", "create", "Alpha.Equities.Momentum.SmaCross", "--team", "quant", "--status", "testing");
        Assert.True(code == 0, stderr);
        var id = stdout.Split(' ')[2];

        (code, _, stderr) = RunIn(db, "experiments", "create", "Alpha.Equities.Momentum.SmaCross");
        Assert.Equal(5, code);
        Assert.Contains("already exists", stderr);

        (code, _, stderr) = RunIn(db, "experiments", "rename", id, "Alpha.Equities.Trend.SmaCross");
        Assert.True(code == 0, stderr);
        var listed = Json(RunIn(db, "experiments", "list", "--json").Stdout).EnumerateArray().Single(e => e.GetProperty("experiment_id").GetString() == id);
        Assert.Equal("Alpha.Equities.Trend.SmaCross", listed.GetProperty("name").GetString());
        Assert.Equal("Trend", listed.GetProperty("tags").GetProperty("strategy_family").GetString());
        Assert.Equal("testing", listed.GetProperty("tags").GetProperty("status").GetString());

        Assert.Equal(0, RunIn(db, "experiments", "delete", id).ExitCode);
        Assert.DoesNotContain("Alpha.Equities.Trend.SmaCross", RunIn(db, "experiments", "list").Stdout);
        Assert.Contains("deleted", RunIn(db, "experiments", "list", "--all", "--json").Stdout);

        Assert.Equal(0, RunIn(db, "experiments", "restore", id).ExitCode);
        (code, stdout, _) = RunIn(db, "experiments", "list");
        Assert.Equal(0, code);
        Assert.Contains("Alpha.Equities.Trend.SmaCross", stdout);
        Assert.Contains("quant", stdout);
    }

    [Fact]
    public void Bad_experiment_name_is_a_one_line_usage_error()
    {
        var db = Path.Combine(TempDir(), "t.db");
        var (code, _, stderr) = RunIn(db, "backtest", "-d", "samples/data/orcl-1995-2014.txt", "-s", "sma-cross",
            "--track", "--experiment", "Alpha.Equities.Momentum");
        Assert.Equal(2, code);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains("Project.AssetClass.StrategyFamily.Strategy", stderr);

        (code, _, stderr) = RunIn(db, "experiments", "create", "Alpha.Equities.Mo mentum.X");
        Assert.Equal(2, code);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public void Mlflow_tracking_uri_environment_variable_is_honoured()
    {
        var db = Path.Combine(TempDir(), "env.db");
        var env = new Dictionary<string, string?> { ["QUARRY_TRACKING_URI"] = null, ["MLFLOW_TRACKING_URI"] = "sqlite:" + db };
        var (code, _, stderr) = RunWith(env, "experiments", "create", "Env.Equities.Momentum.SmaCross");
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(db));
        var (_, stdout, _) = RunWith(env, "experiments", "list");
        Assert.Contains("Env.Equities.Momentum.SmaCross", stdout);
    }

    [Fact]
    public void An_unreachable_tracking_server_is_a_clear_error()
    {
        var env = new Dictionary<string, string?>(NoTrackingEnv) { ["MLFLOW_HTTP_REQUEST_MAX_RETRIES"] = "0" };
        var (code, _, stderr) = RunWith(env, "experiments", "list", "--tracking-uri", "http://127.0.0.1:1");
        Assert.Equal(5, code);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains("Cannot reach the tracking server at http://127.0.0.1:1", stderr);
    }

    [Fact]
    public void Failed_backtest_marks_the_tracked_run_failed()
    {
        var db = Path.Combine(TempDir(), "t.db");
        var (code, _, stderr) = RunIn(db, "backtest", "-d", "samples/data/orcl-1995-2014.txt", "-s", "sma-cross", "-p", "fast=abc",
            "--track", "--experiment", "Alpha.Equities.Momentum.SmaCross");
        Assert.NotEqual(0, code);
        var note = stderr.Split('\n').Single(l => l.StartsWith("note: tracked run ", StringComparison.Ordinal));
        var runId = note.Split(' ')[3];
        var (showCode, stdout, showErr) = RunIn(db, "runs", "show", runId, "--json");
        Assert.True(showCode == 0, showErr);
        Assert.Equal("FAILED", Json(stdout).GetProperty("info").GetProperty("status").GetString());
    }

    [Fact]
    public void Runs_search_filters_and_orders_tracked_runs_with_mlflow_filters()
    {
        var db = Path.Combine(TempDir(), "t.db");
        foreach (var fast in new[] { 5, 10, 20 })
        {
            var (code, _, stderr) = RunIn(db, "backtest", "-d", "samples/data/orcl-1995-2014.txt", "-s", "sma-cross", "-p", $"fast={fast}", "-p", "slow=50",
                "--track", "--project", "Alpha", "--asset-class", "Equities", "--strategy-family", "Trend");
            Assert.True(code == 0, stderr);
        }
        var (searchCode, stdout, searchErr) = RunIn(db, "runs", "search", "params.fast != '20' and metrics.trades > 0", "--order-by", "metrics.sharpe DESC",
            "--experiment", "Alpha.Equities.Trend.sma-cross", "--format", "json");
        Assert.True(searchCode == 0, searchErr);
        var runs = Json(stdout).GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.NotEqual("20", r.GetProperty("params").GetProperty("fast").GetString()));
        Assert.True(runs[0].GetProperty("metrics").GetProperty("sharpe").GetDouble() >= runs[1].GetProperty("metrics").GetProperty("sharpe").GetDouble());

        var (badCode, _, badErr) = RunIn(db, "runs", "search", "metrics.sharpe >> 1");
        Assert.Equal(2, badCode);
        Assert.Contains("Invalid filter at position 15", badErr);
    }

    [Fact]
    public void Optimize_track_logs_the_study_as_a_parent_run_with_one_child_run_per_trial()
    {
        var db = Path.Combine(TempDir(), "t.db");
        var (code, stdout, stderr) = RunIn(db, "optimize", "-d", "samples/data/orcl-1995-2014.txt", "-s", "sma-cross", "--trials", "12", "--seed", "4",
            "--track", "--experiment", "Alpha.Equities.Trend.SmaStudy");
        Assert.True(code == 0, stderr);
        var parentId = stdout.Split('\n').Single(l => l.StartsWith("tracked study as run ", StringComparison.Ordinal)).Split(' ')[4];
        (code, stdout, stderr) = RunIn(db, "runs", "search", $"tags.`mlflow.parentRunId` = '{parentId}'", "--order-by", "metrics.sharpe DESC",
            "--experiment", "Alpha.Equities.Trend.SmaStudy", "--format", "json");
        Assert.True(code == 0, stderr);
        var children = Json(stdout).GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(12, children.Count);
        Assert.All(children, c => Assert.True(c.GetProperty("params").TryGetProperty("fast", out _)));
        (code, stdout, stderr) = RunIn(db, "runs", "show", parentId, "--json");
        Assert.True(code == 0, stderr);
        Assert.Equal(children[0].GetProperty("metrics").GetProperty("sharpe").GetDouble(),
            Json(stdout).GetProperty("metrics").GetProperty("best_sharpe").GetDouble());
    }
}
