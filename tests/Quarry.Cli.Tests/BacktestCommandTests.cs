using System.Text.Json;
using Quarry.Backtesting.Costs;
using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Strategies.BuiltIn;
using Quarry.Data;
using static Quarry.Cli.Tests.QuarryProcess;

namespace Quarry.Cli.Tests;

public class BacktestCommandTests
{
    [Fact]
    public void Reference_command_writes_json_that_matches_the_library()
    {
        var output = Path.Combine(TempDir(), "ref.json");
        var (code, _, stderr) = Run("backtest", "--data", "samples/data/orcl-1995-2014.txt", "--strategy", "sma-cross",
            "-p", "fast=10", "-p", "slow=30", "--cash", "100000", "--commission-pct", "0.001", "--fill", "next-open",
            "--sizing", "all-in", "--json", output);
        Assert.True(code == 0, stderr);

        using var json = JsonDocument.Parse(File.ReadAllText(output));
        var root = json.RootElement;
        var expected = BacktestEngine.Run(new SmaCross { Fast = 10, Slow = 30 }, MarketData.Load(Sample("orcl-1995-2014.txt")),
            new BacktestOptions { InitialCash = 100_000, Commission = new PercentOfValueCommission(0.001) });
        Assert.Equal(expected.FinalValue, root.GetProperty("final_value").GetDouble());
        Assert.Equal(expected.TotalReturn, root.GetProperty("total_return").GetDouble());
        Assert.Equal(expected.Trades.Count, root.GetProperty("trades").GetArrayLength());
        Assert.Equal(expected.Summary.Sharpe, root.GetProperty("metrics").GetProperty("sharpe").GetDouble());
        Assert.Equal(5036, root.GetProperty("equity").GetArrayLength());

        var first = root.GetProperty("trades")[0];
        foreach (var field in new[] { "entry_time", "entry_price", "exit_time", "exit_price", "size", "pnl_net", "commission" })
            Assert.True(first.TryGetProperty(field, out _), $"trade lacks '{field}'");
        Assert.Equal(expected.Trades[0].EntryPrice, first.GetProperty("entry_price").GetDouble());
        var last = root.GetProperty("trades")[expected.Trades.Count - 1];
        if (expected.Trades[^1].IsOpen) Assert.Equal(JsonValueKind.Null, last.GetProperty("exit_time").ValueKind);
    }

    [Fact]
    public void Trades_and_equity_csv_are_written()
    {
        var dir = TempDir();
        var (code, stdout, stderr) = Run("backtest", "-d", "samples/data/spy-2000-2016.csv", "-s", "rsi-reversion",
            "--stop-loss", "0.05", "--slippage-bps", "5", "--trades", Path.Combine(dir, "t.csv"), "--equity", Path.Combine(dir, "e.csv"));
        Assert.True(code == 0, stderr);
        Assert.Contains("Sharpe", stdout);
        var equity = File.ReadAllLines(Path.Combine(dir, "e.csv"));
        Assert.Equal("time,equity,cash,gross_exposure", equity[0]);
        Assert.Equal(4026 + 1, equity.Length); // 4,026 bars (SOURCES.md says 4,025: the file has no final newline) + header
        Assert.StartsWith("symbol,direction,entry_time", File.ReadAllLines(Path.Combine(dir, "t.csv"))[0]);
    }

    [Fact]
    public void Unknown_strategy_lists_the_built_ins()
    {
        var (code, _, stderr) = Run("backtest", "-d", "samples/data/orcl-1995-2014.txt", "-s", "sma-crosss");
        Assert.Equal(3, code);
        Assert.Contains("Unknown strategy 'sma-crosss'", stderr);
        Assert.Contains("sma-cross, ema-cross", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void Unknown_parameter_lists_the_declared_names()
    {
        var (code, _, stderr) = Run("backtest", "-d", "samples/data/orcl-1995-2014.txt", "-s", "sma-cross", "-p", "fats=3");
        Assert.Equal(2, code);
        Assert.Contains("Parameter 'fats' is not declared by sma-cross (declared: fast, slow)", stderr);
    }

    [Fact]
    public void Mistyped_parameter_value_is_a_clear_error()
    {
        var (code, _, stderr) = Run("backtest", "-d", "samples/data/orcl-1995-2014.txt", "-s", "sma-cross", "-p", "fast=ten");
        Assert.Equal(2, code);
        Assert.Contains("'ten' is not valid (expected an integer", stderr);
    }

    [Fact]
    public void Malformed_csv_names_file_line_and_field()
    {
        var file = Path.Combine(TempDir(), "bad.csv");
        File.WriteAllText(file, "Date,Open,High,Low,Close,Volume\n2020-01-02,10,11,9,10.5,100\n2020-01-03,10,11,9,abc,100\n");
        var (code, _, stderr) = Run("backtest", "-d", file, "-s", "sma-cross");
        Assert.Equal(4, code);
        Assert.Contains("bad.csv:3", stderr);
        Assert.Contains("'Close'", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public void User_strategy_file_runs_and_compile_errors_show_file_and_line()
    {
        var (code, stdout, stderr) = Run("backtest", "-d", "samples/data/orcl-1995-2014.txt", "-s", "samples/strategies/InsideBar.cs", "-p", "hold=3");
        Assert.True(code == 0, stderr);
        Assert.Contains("inside-bar", stdout);

        var broken = Path.Combine(TempDir(), "Broken.cs");
        File.WriteAllText(broken, "public sealed class Broken : Strategy\n{\n    public override void OnBar(StrategyContext c) { int x = }\n}\n");
        (code, _, stderr) = Run("backtest", "-d", "samples/data/orcl-1995-2014.txt", "-s", broken);
        Assert.Equal(2, code);
        Assert.Contains("Broken.cs:3:", stderr);
    }

    [Fact]
    public void Invalid_option_values_are_rejected_with_the_option_name()
    {
        var (code, _, stderr) = Run("backtest", "-d", "samples/data/orcl-1995-2014.txt", "-s", "sma-cross", "--commission-pct", "5");
        Assert.Equal(2, code);
        Assert.Contains("--commission-pct", stderr);
        (code, _, stderr) = Run("backtest", "-d", "samples/data/orcl-1995-2014.txt", "-s", "sma-cross", "--sizing", "half");
        Assert.Equal(2, code);
        Assert.Contains("--sizing half", stderr);
    }

    [Fact]
    public void Help_shows_examples()
    {
        var (code, stdout, _) = Run("backtest", "--help");
        Assert.Equal(0, code);
        Assert.Contains("Examples:", stdout);
        Assert.Contains("--commission-pct", stdout);
    }
}
