using System.CommandLine;
using Quarry.Analytics.Inputs;
using Quarry.Analytics.Tearsheets;
using Quarry.Cli.Output;
using Quarry.Core;
using Quarry.Data;

namespace Quarry.Cli.Commands;

internal static class ReportCommand
{
    public static Command Create()
    {
        var analytics = new AnalyticsInputs();
        var returns = new Option<string>("--returns", "-r") { Description = "returns file: a date column and a return column" };
        var equity = new Option<string>("--equity", "-e") { Description = "equity curve file (time,equity,... as written by `backtest --equity`, or any date,value CSV)" };
        var title = new Option<string>("--title") { Description = "tearsheet title (default: the file name)" };
        var command = new Command("report", """
            Tearsheet of a return series or an equity curve: metrics, drawdowns, monthly returns, rolling and regime
            analysis against an optional benchmark, as self-contained HTML (works offline), PNG and PDF.

            Examples:
              quarry report --returns samples/data/spy-benchmark-returns-1993-2018.csv --html spy.html
              quarry report --equity out/demo/equity.csv --benchmark samples/data/spy-2000-2016.csv --html sma.html --png charts/ --pdf sma.pdf
            """);
        analytics.AddTo(command);
        foreach (var option in new Option[] { returns, equity, title }) command.Options.Add(option);
        command.SetAction((parse, _) =>
        {
            var series = Load(parse.GetValue(returns), parse.GetValue(equity));
            if (!analytics.WantsTearsheet(parse))
                throw new QuarryException(ErrorCode.InvalidParameter, "Nothing to write: give --html, --png and/or --pdf (or use `quarry metrics` for the numbers).");
            var sheet = TearsheetBuilder.FromReturns(parse.GetValue(title) ?? series.Name, series, analytics.Inputs(parse));
            foreach (var note in sheet.Notes) Console.Error.WriteLine($"note: {note}");
            foreach (var path in analytics.WriteOutputs(parse, sheet)) Console.WriteLine($"wrote {path}");
            return Cli.Ok;
        });
        return command;
    }

    /// <summary>Loads a return series from --returns, or derives one from --equity.</summary>
    public static TimeSeries Load(string? returns, string? equity)
    {
        if ((returns is null) == (equity is null))
            throw new QuarryException(ErrorCode.InvalidParameter, "Give exactly one of --returns FILE or --equity FILE.");
        if (returns is not null) return ReturnsData.Load(returns);
        var curve = EquityFile.Load(equity!);
        return ReturnSeries.FromEquity(curve);
    }
}
