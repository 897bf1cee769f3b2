using System.CommandLine;
using Quarry.Cli.Commands;
using Quarry.Cli.Research;
using Quarry.Cli.Tracking;
using Spectre.Console;

// Tables keep their shape when piped to a file or a log.
if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 160;

var root = new RootCommand("""
    Quarry — a quant research lab: backtests with realistic costs, parameter sweeps, data checks.

    Examples:
      quarry demo
      quarry backtest --data samples/data/orcl-1995-2014.txt --strategy sma-cross -p fast=10 -p slow=30
      quarry sweep --data samples/data/orcl-1995-2014.txt --strategy sma-cross -p fast=5:50:5 -p slow=20:200:20
      quarry optimize --data samples/data/orcl-1995-2014.txt --strategy sma-cross --metric sharpe --trials 200 --jobs 2
      quarry walkforward --data samples/data/orcl-1995-2014.txt --strategy sma-cross --train 36M --test 12M --trials 50
      quarry strategies
      quarry data check samples/data/spy-2000-2016.csv
      quarry report --returns samples/data/spy-benchmark-returns-1993-2018.csv --html spy.html
      quarry metrics --returns samples/data/spy-benchmark-returns-1993-2018.csv --json
      quarry experiments list
      quarry runs show RUN_ID
      quarry serve --port 5000
    """);
root.Subcommands.Add(BacktestCommand.Create());
root.Subcommands.Add(SweepCommand.Create());
root.Subcommands.Add(StrategiesCommand.Create());
root.Subcommands.Add(DataCommand.Create());
root.Subcommands.Add(OptimizeCommand.Create());
root.Subcommands.Add(WorkerCommand.Create());
root.Subcommands.Add(WalkForwardCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(ReportCommand.Create());
root.Subcommands.Add(MetricsCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(ExperimentsCommand.Create());
root.Subcommands.Add(RunsCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(ArchiveCommand.Create());
root.Subcommands.Add(PurgeCommand.Create());
root.Subcommands.Add(ModelsCommand.Create());
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
