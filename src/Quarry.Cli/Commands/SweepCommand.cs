using System.CommandLine;
using Quarry.Backtesting.Results;
using Quarry.Backtesting.Strategies;
using Quarry.Backtesting.Sweeps;
using Quarry.Cli.Output;
using Quarry.Core;

namespace Quarry.Cli.Commands;

internal static class SweepCommand
{
    public static Command Create()
    {
        var inputs = new BacktestInputs();
        inputs.Params.Description = "grid axis name=start:stop:step, name=a,b,c or name=value (repeatable)";
        var jobs = new Option<int>("--jobs", "-j") { Description = "threads (default: all cores)" };
        var top = new Option<int>("--top") { Description = "rows to print", DefaultValueFactory = _ => 10 };
        var metric = new Option<string>("--rank-by") { Description = "metric to rank by (e.g. sharpe, cagr, total_return)", DefaultValueFactory = _ => "sharpe" };
        var json = new Option<string>("--json") { Description = "write every cell's params and metrics as JSON ('-' = stdout)" };
        var csv = new Option<string>("--csv") { Description = "write every cell as a CSV row" };
        var command = new Command("sweep", """
            Backtest every cell of a parameter grid in parallel; print the best rows.
            Each cell gives exactly what `quarry backtest` gives with the same options.

            Examples:
              quarry sweep --data samples/data/orcl-1995-2014.txt --strategy sma-cross -p fast=5:50:5 -p slow=20:200:20 --json sweep.json
              quarry sweep -d samples/data/spy-2000-2016.csv -s rsi-reversion -p period=2:20:2 -p lower=10,20,30 --rank-by cagr --csv rsi.csv
            """);
        inputs.AddTo(command);
        foreach (var option in new Option[] { jobs, top, metric, json, csv }) command.Options.Add(option);
        command.SetAction((parse, cancellation) =>
        {
            var strategyType = new StrategyCatalog().Resolve(parse.GetValue(inputs.Strategy)!);
            var grid = ParameterGrid.Parse(parse.GetValue(inputs.Params) ?? []);
            var options = inputs.Options(parse);
            var rankBy = parse.GetValue(metric)!;
            var known = new PerformanceSummary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).ToDictionary().Keys;
            if (!known.Contains(rankBy))
                throw new QuarryException(ErrorCode.InvalidParameter, $"Unknown metric '--rank-by {rankBy}' (known: {string.Join(", ", known)}).");
            var data = inputs.LoadData(parse);
            var jsonPath = parse.GetValue(json);
            var result = Progress.Run($"sweeping {grid.Count:N0} cells", grid.Count,
                progress => Sweep.Run(strategyType, data, grid, options, parse.GetValue(jobs), progress, cancellation));
            if (jsonPath != "-") Tables.SweepTop(result, rankBy, parse.GetValue(top));
            if (jsonPath is not null) Json.Write(jsonPath, w => Json.Sweep(w, parse.GetValue(inputs.Strategy)!, result));
            if (parse.GetValue(csv) is { } csvPath) Csv.Sweep(csvPath, result);
            return Cli.Ok;
        });
        return command;
    }
}
