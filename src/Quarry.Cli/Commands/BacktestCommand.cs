using System.CommandLine;
using Quarry.Analytics.Tearsheets;
using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Strategies;
using Quarry.Cli.Output;
using Quarry.Cli.Tracking;

namespace Quarry.Cli.Commands;

internal static class BacktestCommand
{
    public static Command Create()
    {
        var inputs = new BacktestInputs();
        var analytics = new AnalyticsInputs();
        var json = new Option<string>("--json") { Description = "write the full result as JSON to this file ('-' = stdout, no table)" };
        var trades = new Option<string>("--trades") { Description = "write trades to this CSV file" };
        var equity = new Option<string>("--equity") { Description = "write the equity curve to this CSV file" };
        var track = new TrackOptions();
        var command = new Command("backtest", """
            Run one backtest and print its summary.

            Examples:
              quarry backtest --data samples/data/orcl-1995-2014.txt --strategy sma-cross -p fast=10 -p slow=30 \
                --cash 100000 --commission-pct 0.001 --fill next-open --sizing all-in --json out.json
              quarry backtest -d samples/data/spy-2000-2016.csv -s rsi-reversion --stop-loss 0.05 --slippage-bps 5
              quarry backtest -d samples/data/orcl-1995-2014.txt -d samples/data/nvda-1999-2014.txt \
                -d samples/data/yhoo-1996-2014.txt -s top-n-momentum -p top_n=1
              quarry backtest -d samples/data/orcl-1995-2014.txt -s sma-cross --benchmark samples/data/spy-benchmark-returns-1993-2018.csv \
                --html sma.html --png charts/
              quarry backtest -d samples/data/orcl-1995-2014.txt -s sma-cross -p fast=10 --track \
                --project Alpha --asset-class Equities --strategy-family Momentum --team quant
              quarry backtest -d samples/data/orcl-1995-2014.txt -s samples/strategies/InsideBar.cs
            """);
        inputs.AddTo(command);
        analytics.AddTo(command);
        command.Options.Add(json);
        command.Options.Add(trades);
        command.Options.Add(equity);
        track.AddTo(command);
        command.SetAction((parse, _) =>
        {
            var catalog = new StrategyCatalog();
            var strategyArg = parse.GetValue(inputs.Strategy)!;
            var parameters = inputs.ParameterValues(parse);
            using var tracker = parse.GetValue(track.Track) ? StartTracking(parse, track, strategyArg, parameters) : null;
            try
            {
                var strategy = catalog.Create(strategyArg, parameters);
                var options = inputs.Options(parse);
                var data = inputs.LoadData(parse);
                var result = BacktestEngine.Run(strategy, data, options);
                var jsonPath = parse.GetValue(json);
                var sheet = TearsheetBuilder.FromBacktest(result, analytics.Inputs(parse));
                if (jsonPath != "-") Tables.Summary(result, sheet.Metrics, sheet.TradeMetrics);
                foreach (var note in sheet.Notes) Console.Error.WriteLine($"note: {note}");
                foreach (var path in analytics.WriteOutputs(parse, sheet)) Console.WriteLine($"wrote {path}");
                if (jsonPath is not null) Json.Write(jsonPath, w => Json.Backtest(w, result));
                if (parse.GetValue(trades) is { } tradesPath) Csv.Trades(tradesPath, result.Trades);
                if (parse.GetValue(equity) is { } equityPath) Csv.Equity(equityPath, result);
                if (tracker is not null)
                {
                    tracker.Finish(result, sheet, TrackedParams.Options(parse, inputs), TrackedParams.Tags(parse, inputs, result), parse.GetValue(analytics.Html));
                    var message = $"tracked run {tracker.Run.RunId} in experiment {tracker.Experiment.Name} (id {tracker.Experiment.ExperimentId}); artifacts in {tracker.ArtifactLocation}";
                    if (jsonPath == "-") Console.Error.WriteLine(message);
                    else Console.WriteLine(message);
                }
            }
            catch
            {
                tracker?.Fail();
                throw;
            }
            return Cli.Ok;
        });
        return command;
    }

    static RunTracker StartTracking(System.CommandLine.ParseResult parse, TrackOptions track, string strategy,
        IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var name = track.Name(parse, strategy);
        var client = track.Location.Open(parse);
        var runName = TrackOptions.StrategyPart(strategy) + (parameters.Count == 0 ? "" : "(" + string.Join(",", parameters.Select(p => $"{p.Key}={p.Value}")) + ")");
        return RunTracker.Start(client, name, parse.GetValue(track.Team), runName);
    }
}
