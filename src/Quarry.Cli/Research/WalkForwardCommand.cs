using System.CommandLine;
using System.Globalization;
using Quarry.Backtesting.Results;
using Quarry.Cli.Output;
using Quarry.Core;
using Quarry.Optimization;
using Quarry.Optimization.Storage;
using Spectre.Console;

namespace Quarry.Cli.Research;

internal static class WalkForwardCommand
{
    public static Command Create()
    {
        var inputs = new OptimizeInputs();
        var train = new Option<string>("--train") { Description = "training window length, e.g. 36M, 3Y, 500D", Required = true };
        var test = new Option<string>("--test") { Description = "test window length, e.g. 12M", Required = true };
        var step = new Option<string>("--step") { Description = "how far windows move (default: the test length)" };
        var minSharpe = new Option<double?>("--min-oos-sharpe") { Description = "gate: stitched out-of-sample Sharpe must be at least this" };
        var maxDrawdown = new Option<double?>("--max-oos-drawdown") { Description = "gate: stitched out-of-sample max drawdown must be at most this (a fraction, e.g. 0.15)" };
        var minEfficiency = new Option<double?>("--min-efficiency") { Description = "gate: walk-forward efficiency (OOS / IS annual return) must be at least this" };
        var equity = new Option<string>("--equity") { Description = "write the stitched out-of-sample equity curve to this CSV" };
        var json = new Option<string>("--json") { Description = "write segments, stitched metrics and gates as JSON ('-' = stdout)" };
        var command = new Command("walkforward", """
            Walk-forward validation: optimize on each training window, evaluate the best parameters on the following
            test window, roll forward, and stitch the out-of-sample periods into one equity curve. Each test window is
            backtested with its training window as warm-up (indicators and positions carry in), and only the test
            window's returns count. Exit code 1 when a gate fails.

            Examples:
              quarry walkforward -d samples/data/orcl-1995-2014.txt -s sma-cross --train 36M --test 12M --trials 60 \
                --min-oos-sharpe 0.3 --max-oos-drawdown 0.35
              quarry walkforward -d samples/data/spy-2000-2016.csv -s rsi-reversion --train 4Y --test 1Y --step 6M --metric cagr --json wf.json
            """);
        inputs.AddTo(command);
        foreach (var option in new Option[] { train, test, step, minSharpe, maxDrawdown, minEfficiency, equity, json }) command.Options.Add(option);
        command.SetAction((parse, cancellation) =>
        {
            var setup = inputs.Build(parse);
            var data = setup.Objective.Data;
            var first = data.Min(d => d.Time[0]);
            var last = data.Max(d => d.Time[^1]);
            var windows = WalkForwardWindow.Split(first, last, parse.GetValue(train)!, parse.GetValue(test)!, parse.GetValue(step));
            var segments = new List<WalkForwardSegment>();
            foreach (var window in windows)
            {
                cancellation.ThrowIfCancellationRequested();
                segments.Add(RunSegment(window, setup, cancellation));
            }
            var report = WalkForwardReport.From(segments, setup.Objective.Options.InitialCash, setup.Objective.PeriodsPerYear,
                parse.GetValue(minSharpe), parse.GetValue(maxDrawdown), parse.GetValue(minEfficiency));
            if (parse.GetValue(json) != "-") Print(report, setup);
            if (parse.GetValue(equity) is { } path) FileOutput.Text(path, w =>
            {
                w.WriteLine("time,equity");
                for (int i = 0; i < report.Time.Length; i++)
                    w.WriteLine($"{Json.Time(report.Time[i])},{report.Equity[i].ToString("R", CultureInfo.InvariantCulture)}");
            });
            if (parse.GetValue(json) is { } jsonPath) Json.Write(jsonPath, w => report.Write(w));
            return report.Passed ? Cli.Ok : 1;
        });
        return command;
    }

    static WalkForwardSegment RunSegment(WalkForwardWindow window, OptimizationSetup setup, CancellationToken cancellation)
    {
        var full = setup.Objective.Data;
        var trainData = full.Select(d => d.Slice(window.TrainStart, window.TestStart.AddTicks(-1))).ToList();
        var spanData = full.Select(d => d.Slice(window.TrainStart, window.TestEnd.AddTicks(-1))).ToList();
        var objective = setup.Objective.WithData(trainData);
        var study = Study.Create($"walkforward-{window.Index}", setup.Direction, setup.NewSampler(window.Index), setup.NewPruner(), new InMemoryStudyStorage());
        var segmentSetup = setup with { Objective = objective, Sampler = study.Sampler, Pruner = study.Pruner };
        OptimizeCommand.Run(study, segmentSetup, cancellation);
        var best = study.BestParams;
        var inSample = objective.Backtest(objective.Configure(best), trainData);
        var span = objective.Backtest(objective.Configure(best), spanData);
        return WalkForwardSegment.From(window, best, inSample, span, objective);
    }

    static void Print(WalkForwardReport report, OptimizationSetup setup)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("#").AddColumn("train").AddColumn("test").AddColumn("best params");
        foreach (var h in new[] { "IS sharpe", "OOS sharpe", "IS CAGR", "OOS CAGR", "IS max DD", "OOS max DD", "OOS trades", "OOS win rate" })
            table.AddColumn(new TableColumn(h).RightAligned());
        foreach (var s in report.Segments)
            table.AddRow(s.Window.Index.ToString(CultureInfo.InvariantCulture),
                $"{Json.Time(s.Window.TrainStart)} → {Json.Time(s.Window.TestStart.AddDays(-1))}",
                $"{Json.Time(s.Window.TestStart)} → {Json.Time(s.Window.TestEnd.AddDays(-1))}",
                Markup.Escape(string.Join(" ", s.BestParams.Select(p => $"{p.Key}={SearchSpace.Text(p.Value)}"))),
                N(s.InSample.Sharpe), N(s.OutOfSample.Sharpe), P(s.InSample.Cagr), P(s.OutOfSample.Cagr),
                P(s.InSample.MaxDrawdown), P(s.OutOfSample.MaxDrawdown), s.OutOfSampleTrades.ToString(CultureInfo.InvariantCulture), P(s.OutOfSampleWinRate));
        AnsiConsole.Write(table);
        var st = report.Stitched;
        AnsiConsole.MarkupLine($"stitched out-of-sample ({Json.Time(report.Time[0])} → {Json.Time(report.Time[^1])}): " +
            $"return {P(st.TotalReturn)}, CAGR {P(st.Cagr)}, Sharpe {N(st.Sharpe)}, max DD {P(st.MaxDrawdown)}");
        AnsiConsole.MarkupLine($"across segments: OOS Sharpe {N(report.OosSharpeMean)} ± {N(report.OosSharpeStd)}, OOS CAGR {P(report.OosCagrMean)} ± {P(report.OosCagrStd)}; " +
            $"walk-forward efficiency (OOS / IS annual return) {N(report.Efficiency)}");
        foreach (var gate in report.Gates)
            AnsiConsole.MarkupLine($"gate {Markup.Escape(gate.Name)}: {(gate.Passed ? "[green]PASS[/]" : "[red]FAIL[/]")} ({Markup.Escape(gate.Detail)})");
        if (report.Gates.Count > 0) AnsiConsole.MarkupLine(report.Passed ? "[green bold]walk-forward PASSED[/]" : "[red bold]walk-forward FAILED[/]");
    }

    static string N(double v) => double.IsFinite(v) ? v.ToString("0.00", CultureInfo.InvariantCulture) : "—";
    static string P(double v) => double.IsFinite(v) ? v.ToString("0.00%", CultureInfo.InvariantCulture) : "—";
}
