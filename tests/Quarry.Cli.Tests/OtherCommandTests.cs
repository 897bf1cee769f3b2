using System.Text.Json;
using static Quarry.Cli.Tests.QuarryProcess;

namespace Quarry.Cli.Tests;

public class OtherCommandTests
{
    [Fact]
    public void Strategies_json_lists_every_built_in_with_its_space()
    {
        var (code, stdout, stderr) = Run("strategies", "--json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var names = json.RootElement.GetProperty("strategies").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
        Assert.Equal(["sma-cross", "ema-cross", "rsi-reversion", "bollinger-reversion", "momentum", "donchian-breakout", "buy-and-hold", "top-n-momentum"], names);
        var fast = json.RootElement.GetProperty("strategies")[0].GetProperty("parameters")[0];
        Assert.Equal("fast", fast.GetProperty("name").GetString());
        Assert.Equal("int", fast.GetProperty("type").GetString());
        Assert.Equal(2, fast.GetProperty("min").GetDouble());
    }

    [Fact]
    public void Data_check_reports_the_september_2001_closure()
    {
        var (code, stdout, stderr) = Run("data", "check", "samples/data/orcl-1995-2014.txt", "--json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(5036, json.RootElement.GetProperty("rows").GetInt32());
        Assert.Contains(json.RootElement.GetProperty("gaps").EnumerateArray(), g => g.GetProperty("start").GetString() == "2001-09-10");
    }

    [Fact]
    public void Data_check_lists_every_bad_row_and_fails()
    {
        var file = Path.Combine(TempDir(), "bad.csv");
        File.WriteAllText(file, "Date,Open,High,Low,Close,Volume\n2020-01-02,10,11,9,10.5,100\n2020-01-03,10,8,9,10,100\n2020-01-06,10,11,9,-1,100\n");
        var (code, stdout, _) = Run("data", "check", file);
        Assert.Equal(4, code);
        Assert.Contains("bad.csv:3", stdout);
        Assert.Contains("bad.csv:4", stdout);
    }

    [Fact]
    public void Column_mapping_reads_a_custom_layout()
    {
        var file = Path.Combine(TempDir(), "kurse.csv");
        var rows = Enumerable.Range(0, 60).Select(i =>
        {
            double close = 100 + 10 * Math.Sin(i / 5.0);
            return $"{new DateTime(2020, 1, 1).AddDays(i):dd.MM.yyyy};{close};{close + 1};{close - 1};{close};1000";
        });
        File.WriteAllLines(file, ["Datum;Erster;Hoch;Tief;Schluss;Umsatz", .. rows]);
        var (code, stdout, stderr) = Run("backtest", "-d", file, "-s", "sma-cross", "-p", "fast=3", "-p", "slow=8",
            "--delimiter", ";", "--date-format", "dd.MM.yyyy", "--columns", "date=Datum,open=Erster,high=Hoch,low=Tief,close=Schluss,volume=Umsatz");
        Assert.True(code == 0, stderr);
        Assert.Contains("2020-01-01 → 2020-02-29", stdout);
    }

    [Fact]
    public void Demo_runs_on_bundled_data_and_says_where_its_outputs_are()
    {
        var dir = TempDir();
        var (code, stdout, stderr) = Run("demo", "--out", dir);
        Assert.True(code == 0, stderr);
        Assert.Contains(dir, stdout);
        foreach (var file in new[] { "tearsheet.html", "charts/equity.png", "backtest.json", "trades.csv", "equity.csv", "sweep.csv", "rotation-equity.csv" })
            Assert.True(File.Exists(Path.Combine(dir, file)), file);
    }
}
