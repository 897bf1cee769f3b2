using System.CommandLine;
using Quarry.Analytics.Inputs;
using Quarry.Analytics.Tearsheets;
using Quarry.Backtesting.Costs;
using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Strategies;
using Quarry.Backtesting.Strategies.BuiltIn;
using Quarry.Backtesting.Sweeps;
using Quarry.Cli.Output;
using Quarry.Core;
using Quarry.Data;
using Spectre.Console;

namespace Quarry.Cli.Commands;

internal static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out", "-o") { Description = "folder for the outputs", DefaultValueFactory = _ => "out/demo" };
        var samples = new Option<string>("--samples") { Description = "folder with the bundled sample data (default: found next to the repository)" };
        var command = new Command("demo", """
            The main job on bundled data, no setup: backtest SMA(10)/SMA(30) on ORCL 1995-2014 with 0.1 % commission,
            write its tearsheet against SPY (HTML + PNG), sweep a 100-cell grid on all cores, rotate between
            ORCL/NVDA/YHOO by momentum, and write the results.

            Example:
              quarry demo --out out/demo
            """);
        command.Options.Add(output);
        command.Options.Add(samples);
        command.SetAction((parse, cancellation) =>
        {
            var dir = parse.GetValue(output)!;
            var data = parse.GetValue(samples) ?? SampleData.Locate();
            Directory.CreateDirectory(dir);
            var orcl = MarketData.Load(Path.Combine(data, "orcl-1995-2014.txt"));
            var options = new BacktestOptions { InitialCash = 100_000, Commission = new PercentOfValueCommission(0.001) };

            AnsiConsole.MarkupLine("[bold]1. Backtest[/] sma-cross fast=10 slow=30 on ORCL, 0.1 % commission, next-open fills, all-in");
            var result = BacktestEngine.Run(new SmaCross { Fast = 10, Slow = 30 }, orcl, options);
            Json.Write(Path.Combine(dir, "backtest.json"), w => Json.Backtest(w, result));
            Csv.Trades(Path.Combine(dir, "trades.csv"), result.Trades);
            Csv.Equity(Path.Combine(dir, "equity.csv"), result);
            var benchmark = BenchmarkData.Load(Path.Combine(data, "spy-benchmark-returns-1993-2018.csv")) with { Name = "SPY" };
            var sheet = TearsheetBuilder.FromBacktest(result, new TearsheetInputs { Benchmark = benchmark });
            Tables.Summary(result, sheet.Metrics, sheet.TradeMetrics);
            HtmlTearsheet.Write(sheet, Path.Combine(dir, "tearsheet.html"));
            PngCharts.Write(sheet, Path.Combine(dir, "charts"));
            AnsiConsole.MarkupLine($"Tearsheet vs SPY: [bold]{Markup.Escape(Path.Combine(dir, "tearsheet.html"))}[/] (open it in a browser; works offline), PNG charts in {Markup.Escape(Path.Combine(dir, "charts"))}");

            AnsiConsole.MarkupLine("\n[bold]2. Sweep[/] fast 5..50 step 5 × slow 20..200 step 20 (100 cells)");
            var grid = ParameterGrid.Parse(["fast=5:50:5", "slow=20:200:20"]);
            var sweep = Sweep.Run(typeof(SmaCross), [orcl], grid, options, 0, null, cancellation);
            Tables.SweepTop(sweep, "sharpe", 5);
            Csv.Sweep(Path.Combine(dir, "sweep.csv"), sweep);

            AnsiConsole.MarkupLine("\n[bold]3. Rotation[/] top-n-momentum (top 1 of ORCL, NVDA, YHOO by 6-month momentum, monthly)");
            var universe = new[] { "orcl-1995-2014.txt", "nvda-1999-2014.txt", "yhoo-1996-2014.txt" }
                .Select(f => MarketData.Load(Path.Combine(data, f))).ToList();
            var rotation = BacktestEngine.Run(new TopNMomentum { TopN = 1 }, universe, options);
            var rotationSheet = TearsheetBuilder.FromBacktest(rotation, new TearsheetInputs { Benchmark = benchmark });
            Tables.Summary(rotation, rotationSheet.Metrics, rotationSheet.TradeMetrics);
            Csv.Equity(Path.Combine(dir, "rotation-equity.csv"), rotation);

            AnsiConsole.MarkupLine($"\nOutputs in [bold]{Markup.Escape(Path.GetFullPath(dir))}[/]: tearsheet.html, charts/, backtest.json, trades.csv, equity.csv, sweep.csv, rotation-equity.csv");
            return Cli.Ok;
        });
        return command;
    }
}
