using System.CommandLine;
using Quarry.Analytics.Inputs;
using Quarry.Analytics.Metrics;
using Quarry.Backtesting.Results;
using Quarry.Cli.Output;
using Quarry.Core;
using Spectre.Console;

namespace Quarry.Cli.Commands;

internal static class MetricsCommand
{
    public static Command Create()
    {
        var analytics = new AnalyticsInputs();
        var returns = new Option<string>("--returns", "-r") { Description = "returns file: a date column and a return column" };
        var equity = new Option<string>("--equity", "-e") { Description = "equity curve file" };
        var json = new Option<bool>("--json") { Description = "print {\"metrics\": {name: value}} with the spec's snake_case names (NaN as null)" };
        var command = new Command("metrics", """
            Every tearsheet metric of a return series (QuantStats conventions; empyrical variants under their own names).

            Examples:
              quarry metrics --returns samples/data/spy-benchmark-returns-1993-2018.csv --json
              quarry metrics --equity out/demo/equity.csv --benchmark samples/data/spy-benchmark-returns-1993-2018.csv --periods 252 --rf 0
            """);
        analytics.AddTo(command, outputs: false);
        foreach (var option in new Option[] { returns, equity, json }) command.Options.Add(option);
        command.SetAction((parse, _) =>
        {
            var series = ReportCommand.Load(parse.GetValue(returns), parse.GetValue(equity));
            var inputs = analytics.Inputs(parse);
            DateTime[] time = series.Time;
            double[] values = series.Values, benchmark = [];
            if (inputs.Benchmark is { } bench)
            {
                var aligned = Alignment.Align(series, bench.Returns);
                if (aligned.Message.Length > 0) Console.Error.WriteLine($"note: {aligned.Message}");
                (time, values, benchmark) = (aligned.Time, aligned.Strategy, aligned.Benchmark);
            }
            else values = ReturnSeries.FromReturns(series).Returns.Values;
            double periods = inputs.PeriodsPerYear > 0 ? inputs.PeriodsPerYear : Annualization.PeriodsPerYear(time);
            var table = MetricTable.Compute(time, values, benchmark, new MetricOptions { PeriodsPerYear = periods, RiskFree = inputs.RiskFree });
            if (parse.GetValue(json))
            {
                Json.Write("-", w =>
                {
                    w.WriteStartObject();
                    w.WriteStartObject("metrics");
                    // Every key, always: benchmark-relative ones are null without a benchmark, so the schema is stable.
                    var values = MetricTable.ToDictionary(table);
                    foreach (var key in MetricTable.Keys) w.Number(key, values.TryGetValue(key, out var v) ? v : double.NaN);
                    w.WriteEndObject();
                    w.WriteEndObject();
                });
                return Cli.Ok;
            }
            Tables.Metrics(table, benchmark.Length > 0 ? inputs.Benchmark!.Name : null);
            return Cli.Ok;
        });
        return command;
    }
}
