using System.Text.Json;
using static Quarry.Cli.Tests.QuarryProcess;

namespace Quarry.Cli.Tests;

public class ResearchCommandTests
{
    [Fact]
    public void Optimize_writes_best_params_that_reproduce_the_best_value_in_a_backtest()
    {
        var dir = TempDir();
        var (code, stdout, stderr) = Run("optimize", "-d", "samples/data/orcl-1995-2014.txt", "-s", "sma-cross", "--commission-pct", "0.001",
            "--metric", "sharpe", "--trials", "40", "--jobs", "2", "--seed", "5", "--best", Path.Combine(dir, "best.json"), "--json", Path.Combine(dir, "study.json"));
        Assert.True(code == 0, stderr);
        Assert.Contains("40 trials (40 complete", stdout);
        var best = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "best.json"))).RootElement;
        var study = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "study.json"))).RootElement;
        Assert.Equal(40, study.GetProperty("trials").GetArrayLength());
        double bestValue = study.GetProperty("best").GetProperty("value").GetDouble();
        Assert.Equal(study.GetProperty("trials").EnumerateArray().Max(t => t.GetProperty("value").GetDouble()), bestValue);

        var replay = Path.Combine(dir, "replay.json");
        (code, _, stderr) = Run("backtest", "-d", "samples/data/orcl-1995-2014.txt", "-s", "sma-cross", "--commission-pct", "0.001",
            "-p", $"fast={best.GetProperty("fast")}", "-p", $"slow={best.GetProperty("slow")}", "--json", replay);
        Assert.True(code == 0, stderr);
        Assert.Equal(bestValue, JsonDocument.Parse(File.ReadAllText(replay)).RootElement.GetProperty("metrics").GetProperty("sharpe").GetDouble());
    }

    [Fact]
    public void Study_in_sqlite_resumes_and_a_worker_finishes_its_budget()
    {
        var db = Path.Combine(TempDir(), "studies.db");
        var (code, _, stderr) = Run("optimize", "-d", "samples/data/orcl-1995-2014.txt", "-s", "ema-cross", "--trials", "15",
            "--study", "shared", "--storage", $"sqlite:{db}", "--seed", "1");
        Assert.True(code == 0, stderr);
        // A second optimize with a larger budget resumes; a worker then finds the budget spent.
        (code, var stdout, stderr) = Run("optimize", "-d", "samples/data/orcl-1995-2014.txt", "-s", "ema-cross", "--trials", "25",
            "--study", "shared", "--storage", $"sqlite:{db}");
        Assert.True(code == 0, stderr);
        Assert.Contains("25 trials", stdout);
        (code, stdout, stderr) = Run("worker", "--study", "shared", "--storage", $"sqlite:{db}");
        Assert.True(code == 0, stderr);
        Assert.Contains("study has 25 finished trials", stdout);
    }

    [Fact]
    public void Worker_on_a_missing_study_is_a_clear_error()
    {
        var db = Path.Combine(TempDir(), "none.db");
        var (code, _, stderr) = Run("worker", "--study", "nope", "--storage", $"sqlite:{db}");
        Assert.Equal(3, code);
        Assert.Contains("Study 'nope' does not exist", stderr);
    }

    [Fact]
    public void Constraint_and_space_file_are_applied()
    {
        var dir = TempDir();
        var space = Path.Combine(dir, "space.json");
        File.WriteAllText(space, """{"fast": {"low": 5, "high": 20, "step": 5}, "slow": {"low": 50, "high": 150, "step": 50}}""");
        var (code, _, stderr) = Run("optimize", "-d", "samples/data/orcl-1995-2014.txt", "-s", "sma-cross", "--space", space,
            "--sampler", "grid", "--trials", "50", "--constraint", "max_drawdown > -0.6", "--json", Path.Combine(dir, "s.json"));
        Assert.True(code == 0, stderr);
        var trials = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "s.json"))).RootElement.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(12, trials.Count); // the grid has 4 × 3 points and then it is exhausted
        Assert.All(trials, t => Assert.Contains(t.GetProperty("params").GetProperty("fast").GetInt64(), new long[] { 5, 10, 15, 20 }));
        Assert.All(trials, t => Assert.Equal(
            t.GetProperty("metrics").GetProperty("max_drawdown").GetDouble() > -0.6, t.GetProperty("feasible").GetBoolean()));
    }

    [Fact]
    public void Bad_optimize_inputs_are_one_line_errors()
    {
        var (code, _, stderr) = Run("optimize", "-d", "samples/data/orcl-1995-2014.txt", "-s", "sma-cross", "--metric", "sharp");
        Assert.Equal(2, code);
        Assert.Contains("Unknown metric '--metric sharp'", stderr);
        (code, _, stderr) = Run("optimize", "-d", "samples/data/orcl-1995-2014.txt", "-s", "sma-cross", "--constraint", "drawdown >> 3");
        Assert.Equal(2, code);
        Assert.Contains("Bad constraint", stderr);
        // rsi-reversion's levels are continuous floats: a grid needs steps.
        (code, _, stderr) = Run("optimize", "-d", "samples/data/orcl-1995-2014.txt", "-s", "rsi-reversion", "--sampler", "grid");
        Assert.Equal(2, code);
        Assert.Contains("--sampler grid needs a finite grid, but 'lower'", stderr);
    }

    [Fact]
    public void Walkforward_stitches_out_of_sample_segments_and_applies_gates()
    {
        var dir = TempDir();
        var (code, _, stderr) = Run("walkforward", "-d", "samples/data/orcl-1995-2014.txt", "-s", "sma-cross", "--train", "5Y", "--test", "5Y",
            "--trials", "15", "--seed", "3", "--max-oos-drawdown", "0.01", "--json", Path.Combine(dir, "wf.json"), "--equity", Path.Combine(dir, "oos.csv"));
        Assert.Equal(1, code); // a 1 % drawdown gate cannot pass on ORCL
        var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "wf.json"))).RootElement;
        var segments = report.GetProperty("segments").EnumerateArray().ToList();
        // Train 1995-01-03 + 5Y: tests from 2000-01-03 and 2005-01-03; a third would end 2015-01-03, after the data.
        Assert.Equal(2, segments.Count);
        Assert.Equal("2000-01-03", segments[0].GetProperty("test_start").GetString());
        Assert.False(report.GetProperty("passed").GetBoolean());
        var equity = File.ReadAllLines(Path.Combine(dir, "oos.csv"));
        Assert.StartsWith("2000-01-03", equity[1]);
        Assert.True(stderr.Length == 0 || !stderr.Contains("error"), stderr);
    }
}

public class BenchOptimizerCommandTests
{
    [Fact]
    public void Bench_optimizer_json_has_the_documented_shape()
    {
        var (code, stdout, stderr) = QuarryProcess.Run("bench", "optimizer", "--objective", "branin", "--sampler", "random", "--trials", "25", "--seeds", "2", "--json");
        Assert.True(code == 0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("branin", root.GetProperty("objective").GetString());
        Assert.Equal("random", root.GetProperty("sampler").GetString());
        var at25 = root.GetProperty("best_at").GetProperty("25");
        Assert.True(at25.GetProperty("q25").GetDouble() <= at25.GetProperty("median").GetDouble());
        Assert.True(at25.GetProperty("median").GetDouble() >= 0.397887); // branin's global minimum
        Assert.True(root.GetProperty("overhead_ms_mean").GetDouble() >= 0);
        Assert.True(root.GetProperty("ask_ms").GetProperty("5000").GetDouble() > 0);
    }
}
