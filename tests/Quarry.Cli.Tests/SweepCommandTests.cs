using System.Text.Json;
using static Quarry.Cli.Tests.QuarryProcess;

namespace Quarry.Cli.Tests;

public class SweepCommandTests
{
    [Fact]
    public void Sweep_cells_equal_single_backtests_with_the_same_options()
    {
        var dir = TempDir();
        string[] costs = ["--commission-pct", "0.001", "--slippage-bps", "3", "--fill", "close", "--sizing", "fraction:0.8"];
        var (code, _, stderr) = Run(["sweep", "-d", "samples/data/orcl-1995-2014.txt", "-s", "sma-cross", "-p", "fast=5:50:5",
            "-p", "slow=20:200:20", .. costs, "--json", Path.Combine(dir, "sweep.json"), "--csv", Path.Combine(dir, "sweep.csv")]);
        Assert.True(code == 0, stderr);
        using var sweep = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "sweep.json")));
        var results = sweep.RootElement.GetProperty("results");
        Assert.Equal(100, results.GetArrayLength());
        Assert.True(sweep.RootElement.GetProperty("elapsed_seconds").GetDouble() > 0);
        Assert.Equal(101, File.ReadAllLines(Path.Combine(dir, "sweep.csv")).Length);

        foreach (int index in new[] { 0, 37, 99 })
        {
            var cell = results[index];
            string fast = cell.GetProperty("params").GetProperty("fast").GetString()!, slow = cell.GetProperty("params").GetProperty("slow").GetString()!;
            var single = Path.Combine(dir, $"bt-{index}.json");
            (code, _, stderr) = Run(["backtest", "-d", "samples/data/orcl-1995-2014.txt", "-s", "sma-cross", "-p", $"fast={fast}", "-p", $"slow={slow}",
                .. costs, "--json", single]);
            Assert.True(code == 0, stderr);
            using var backtest = JsonDocument.Parse(File.ReadAllText(single));
            Assert.Equal(backtest.RootElement.GetProperty("final_value").GetDouble(), cell.GetProperty("final_value").GetDouble());
            var expected = backtest.RootElement.GetProperty("metrics").EnumerateObject().Select(m => (m.Name, m.Value.GetRawText()));
            var actual = cell.GetProperty("metrics").EnumerateObject().Select(m => (m.Name, m.Value.GetRawText()));
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Bad_grid_is_a_clear_error()
    {
        var (code, _, stderr) = Run("sweep", "-d", "samples/data/orcl-1995-2014.txt", "-s", "sma-cross", "-p", "fast=50:5:5");
        Assert.Equal(2, code);
        Assert.Contains("stop is below start", stderr);
    }
}
