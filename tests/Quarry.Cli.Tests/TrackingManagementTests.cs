using System.Diagnostics;
using System.Text.Json;
using Parquet;
using Parquet.Schema;
using Quarry.Tracking;
using Core = Quarry.Core;
using Quarry.Tracking.Storage;
using static Quarry.Cli.Tests.QuarryProcess;
using static Quarry.Cli.Tests.TrackingCli;

namespace Quarry.Cli.Tests;

/// <summary>runs compare, export runs, archive, purge and the research queries, against stores seeded with known values.</summary>
public class TrackingManagementTests
{
    static readonly long Now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    static readonly long DaysAgo200 = Now - 200L * 86_400_000, DaysAgo10 = Now - 10L * 86_400_000;

    /// <summary>Experiment Alpha.Equities.Trend.SmaCross (team quant) with runs A, B (FINISHED) and C (FAILED).</summary>
    static async Task<(string Db, string Experiment, string A, string B, string C)> SeedAsync()
    {
        var db = Path.Combine(TempDir(), "t.db");
        using var store = SqlTrackingStore.Open("sqlite:" + db);
        var exp = await store.CreateExperimentAsync("Alpha.Equities.Trend.SmaCross", tags: new Dictionary<string, string>
        {
            ["project"] = "Alpha", ["asset_class"] = "Equities", ["strategy_family"] = "Trend", ["strategy"] = "SmaCross", ["team"] = "quant", ["status"] = "research",
        });
        await store.CreateExperimentAsync("Beta.Crypto.Momentum.Rsi", tags: new Dictionary<string, string> { ["project"] = "Beta", ["status"] = "production" });
        async Task<string> Run(string name, long start, double sharpe, double drawdown, double volatility, string fast, RunStatus status)
        {
            var run = await store.CreateRunAsync(exp, "alice", start, name, [new RunTag("symbol", "ORCL")]);
            await store.LogBatchAsync(run.Info.RunId,
                [new Metric("sharpe", sharpe, start), new Metric("max_drawdown", drawdown, start), new Metric("volatility", volatility, start)],
                [new Param("fast", fast), new Param("slow", "30")], []);
            await store.UpdateRunAsync(run.Info.RunId, status, start + 1000);
            return run.Info.RunId;
        }
        var a = await Run("A", DaysAgo200, 1.2, -0.30, 0.20, "10", RunStatus.Finished);
        var b = await Run("B", DaysAgo10, 0.8, -0.10, 0.25, "20", RunStatus.Finished);
        var c = await Run("C", DaysAgo10 + 1, -0.5, -0.45, 0.40, "5", RunStatus.Failed);
        return (db, exp, a, b, c);
    }

    [Fact]
    public async Task Runs_compare_puts_runs_side_by_side_and_picks_the_best_by_each_metrics_direction()
    {
        var (db, _, a, b, c) = await SeedAsync();
        var (code, stdout, stderr) = RunIn(db, "runs", "compare", a, b, c, "--format", "json");
        Assert.True(code == 0, stderr);
        var json = Json(stdout);
        Assert.Equal([a, b, c], json.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run_id").GetString()));
        var metrics = json.GetProperty("metrics");
        Assert.Equal([a], Best(metrics, "sharpe"));               // 1.2 > 0.8 > -0.5
        Assert.Equal([b], Best(metrics, "max_drawdown"));         // |-0.10| is the smallest drawdown
        Assert.Equal([a], Best(metrics, "volatility"));           // 0.20 is the lowest volatility
        Assert.False(metrics.GetProperty("sharpe").GetProperty("lower_is_better").GetBoolean());
        Assert.True(metrics.GetProperty("max_drawdown").GetProperty("lower_is_better").GetBoolean());
        Assert.Equal(-0.45, metrics.GetProperty("max_drawdown").GetProperty("values").GetProperty(c).GetDouble());
        Assert.True(json.GetProperty("params").GetProperty("fast").GetProperty("differs").GetBoolean());
        Assert.False(json.GetProperty("params").GetProperty("slow").GetProperty("differs").GetBoolean());

        (code, stdout, stderr) = RunIn(db, "runs", "compare", a, b, "--metric", "sharpe", "--metric", "max_drawdown");
        Assert.True(code == 0, stderr);
        Assert.Contains("max_drawdown ↓", stdout);
        Assert.Contains("A (" + a[..8] + ")", stdout);
        Assert.DoesNotContain("volatility", stdout);

        Assert.Equal(2, RunIn(db, "runs", "compare", a).ExitCode);
        (code, _, stderr) = RunIn(db, "runs", "compare", a, "0123456789abcdef0123456789abcdef");
        Assert.Equal(3, code);
        Assert.Contains("0123456789abcdef0123456789abcdef", stderr);
    }

    static IEnumerable<string?> Best(JsonElement metrics, string key) =>
        metrics.GetProperty(key).GetProperty("best").EnumerateArray().Select(e => e.GetString());

    [Fact]
    public async Task Export_runs_writes_one_row_per_run_as_csv_and_as_typed_parquet()
    {
        var (db, exp, a, b, c) = await SeedAsync();
        var dir = Path.GetDirectoryName(db)!;
        var csv = Path.Combine(dir, "runs.csv");
        var (code, stdout, stderr) = RunIn(db, "export", "runs", "--experiment", "Alpha.Equities.Trend.SmaCross", "--order-by", "attributes.run_name ASC", "--output", csv);
        Assert.True(code == 0, stderr);
        Assert.Contains("exported 3 run(s)", stdout);
        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',');
        Assert.Equal(["run_id", "run_name", "experiment_id", "experiment_name", "status"], header[..5]);
        Assert.Contains("params.fast", header);
        Assert.Contains("metrics.sharpe", header);
        Assert.Contains("tags.symbol", header);
        Assert.Equal(4, lines.Length);
        var rowA = lines[1].Split(',');
        Assert.Equal(a, rowA[0]);
        Assert.Equal("Alpha.Equities.Trend.SmaCross", rowA[Array.IndexOf(header, "experiment_name")]);
        Assert.Equal("1.2", rowA[Array.IndexOf(header, "metrics.sharpe")]);
        Assert.Equal("10", rowA[Array.IndexOf(header, "params.fast")]);
        Assert.Equal("FAILED", lines[3].Split(',')[Array.IndexOf(header, "status")]);

        var parquet = Path.Combine(dir, "runs.parquet");
        (code, _, stderr) = RunIn(db, "export", "runs", "--filter", "metrics.sharpe > 0", "--order-by", "metrics.sharpe DESC", "--output", parquet);
        Assert.True(code == 0, stderr);
        await using var reader = await ParquetReader.CreateAsync(parquet);
        var fields = reader.Schema.GetDataFields();
        using var group = reader.OpenRowGroupReader(0);
        Assert.Equal(2, group.RowCount);
        var ids = new string?[2];
        await group.ReadAsync(fields.Single(f => f.Name == "run_id"), ids.AsMemory());
        Assert.Equal(new[] { a, b }, ids.Select(i => i!));
        var sharpe = new double?[2];
        await group.ReadAsync<double>(fields.Single(f => f.Name == "metrics.sharpe"), sharpe.AsMemory());
        Assert.Equal([1.2, 0.8], sharpe);
        var starts = new DateTime?[2];
        await group.ReadAsync<DateTime>(fields.Single(f => f.Name == "start_time"), starts.AsMemory());
        var start = starts[0]!.Value;
        if (start.Kind == DateTimeKind.Local) start = start.ToUniversalTime(); // UTC-adjusted timestamps may come back as local time
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(DaysAgo200).UtcDateTime.Ticks, start.Ticks);
        Assert.Equal(typeof(double), fields.Single(f => f.Name == "metrics.volatility").ClrType);
        Assert.DoesNotContain(Directory.GetFiles(dir), f => f.Contains(".tmp", StringComparison.Ordinal));

        (code, _, stderr) = RunIn(db, "export", "runs", "--output", Path.Combine(dir, "runs.xlsx"));
        Assert.Equal(2, code);
        Assert.Contains("--format csv", stderr);
    }

    [Fact]
    public async Task Archive_soft_deletes_old_runs_and_restore_brings_them_back()
    {
        var (db, _, a, b, c) = await SeedAsync();
        var (code, stdout, stderr) = RunIn(db, "archive", "--older-than", "90d", "--dry-run");
        Assert.True(code == 0, stderr);
        Assert.Contains(a, stdout);
        Assert.DoesNotContain(b, stdout);
        Assert.Contains("would archive 1 run(s)", stdout);
        Assert.Equal(LifecycleStage.Active, (await GetRun(db, a)).Info.LifecycleStage);

        (code, stdout, stderr) = RunIn(db, "archive", "--older-than", "90d");
        Assert.True(code == 0, stderr);
        Assert.Contains("archived 1 run(s)", stdout);
        Assert.Equal(LifecycleStage.Deleted, (await GetRun(db, a)).Info.LifecycleStage);
        Assert.Equal(LifecycleStage.Active, (await GetRun(db, b)).Info.LifecycleStage);

        (code, stdout, stderr) = RunIn(db, "archive", "--older-than", "90d", "--restore");
        Assert.True(code == 0, stderr);
        Assert.Contains("restored 1 run(s)", stdout);
        Assert.Equal(LifecycleStage.Active, (await GetRun(db, a)).Info.LifecycleStage);

        (code, _, stderr) = RunIn(db, "archive", "--older-than", "ninety days");
        Assert.Equal(2, code);
        Assert.Contains("90d", stderr);
    }

    [Fact]
    public async Task Purge_asks_first_then_deletes_deleted_runs_experiments_and_their_artifact_folders()
    {
        var (db, exp, a, b, _) = await SeedAsync();
        var root = Path.Combine(Path.GetDirectoryName(db)!, ".quarry", "artifacts");
        var folderA = Path.Combine(root, exp, a, "artifacts");
        Directory.CreateDirectory(folderA);
        File.WriteAllText(Path.Combine(folderA, "equity.csv"), "time,equity\n");
        string goneExperiment;
        using (var store = SqlTrackingStore.Open("sqlite:" + db))
        {
            await store.DeleteRunAsync(a);
            goneExperiment = await store.CreateExperimentAsync("Gamma.Rates.Carry.Old");
            await store.CreateRunAsync(goneExperiment, "bob", DaysAgo200);
            await store.DeleteExperimentAsync(goneExperiment);
        }

        var (code, stdout, stderr) = WithInput("no\n", db, "purge");
        Assert.Equal(2, code);
        Assert.Contains("not confirmed", stderr);
        Assert.Contains("1 deleted run(s) and 1 deleted experiment(s) with 1 run(s)", stdout);
        Assert.True(File.Exists(Path.Combine(folderA, "equity.csv")));
        Assert.Equal(LifecycleStage.Deleted, (await GetRun(db, a)).Info.LifecycleStage);

        (code, stdout, stderr) = WithInput("yes\n", db, "purge");
        Assert.True(code == 0, stderr);
        Assert.Contains("purged 1 deleted run(s)", stdout);
        Assert.False(Directory.Exists(Path.Combine(root, exp, a)));
        using (var store = SqlTrackingStore.Open("sqlite:" + db))
        {
            var missing = await Assert.ThrowsAsync<Core.QuarryException>(() => store.GetRunAsync(a));
            Assert.Equal(Core.ErrorCode.NotFound, missing.Code);
            Assert.Equal(LifecycleStage.Active, (await store.GetRunAsync(b)).Info.LifecycleStage);
            Assert.Null(await store.GetExperimentByNameAsync("Gamma.Rates.Carry.Old"));
            await store.CreateExperimentAsync("Gamma.Rates.Carry.Old"); // the name is free again
        }
        (code, stdout, _) = RunIn(db, "purge", "--yes");
        Assert.Equal(0, code);
        Assert.Contains("nothing to purge", stdout);
    }

    [Fact]
    public async Task Queries_by_project_team_status_recency_and_failure()
    {
        var (db, _, a, b, c) = await SeedAsync();
        var (code, stdout, stderr) = RunIn(db, "runs", "search", "--project", "Alpha", "--team", "quant", "--failed", "--format", "json");
        Assert.True(code == 0, stderr);
        Assert.Equal([c], Json(stdout).GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("info").GetProperty("run_id").GetString()));

        (code, stdout, stderr) = RunIn(db, "runs", "search", "--recent", "30d", "--order-by", "attributes.run_name ASC", "--format", "json");
        Assert.True(code == 0, stderr);
        Assert.Equal([b, c], Json(stdout).GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("info").GetProperty("run_id").GetString()));

        (code, stdout, _) = RunIn(db, "runs", "search", "--project", "Beta", "--format", "json");
        Assert.Equal(0, code);
        Assert.Empty(Json(stdout).GetProperty("runs").EnumerateArray());

        (code, stdout, stderr) = RunIn(db, "experiments", "list", "--status", "production", "--json");
        Assert.True(code == 0, stderr);
        Assert.Equal(["Beta.Crypto.Momentum.Rsi"], Json(stdout).EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        (code, stdout, _) = RunIn(db, "experiments", "list", "--project", "Alpha", "--asset-class", "Equities");
        Assert.Equal(0, code);
        Assert.Contains("Alpha.Equities.Trend.SmaCross", stdout);
        Assert.DoesNotContain("Beta", stdout);

        (code, _, stderr) = RunIn(db, "runs", "search", "--status", "DONE");
        Assert.Equal(2, code);
        Assert.Contains("RUNNING, SCHEDULED, FINISHED, FAILED or KILLED", stderr);
    }

    static async Task<Run> GetRun(string db, string runId)
    {
        using var store = SqlTrackingStore.Open("sqlite:" + db);
        return await store.GetRunAsync(runId);
    }

    /// <summary>Runs quarry with <paramref name="input"/> on its standard input (for confirmation prompts).</summary>
    static (int ExitCode, string Stdout, string Stderr) WithInput(string input, string db, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var key in NoTrackingEnv.Keys) start.Environment.Remove(key);
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "quarry.dll"));
        foreach (var arg in args.Append("--tracking-uri").Append("sqlite:" + db)) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000)) process.Kill(entireProcessTree: true);
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
