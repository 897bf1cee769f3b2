using System.CommandLine;
using Quarry.Analytics.Inputs;
using Quarry.Analytics.Regimes;
using Quarry.Analytics.Tearsheets;
using Quarry.Core;

namespace Quarry.Cli.Commands;

/// <summary>Options shared by the commands that analyse returns: benchmark, regimes, annualisation, outputs.</summary>
internal sealed class AnalyticsInputs
{
    public Option<string> Benchmark { get; } = new("--benchmark", "-b") { Description = "benchmark: a returns file (date,return) or a price file (returns close-to-close)" };
    public Option<string> BenchmarkName { get; } = new("--benchmark-name") { Description = "display name of the benchmark (default: its file name)" };
    public Option<string> RegimeIndex { get; } = new("--regime-index") { Description = "VIX-style index price file for the volatility regimes (default: the benchmark's 20-day realised volatility)" };
    public Option<double> RegimeVolThreshold { get; } = new("--regime-vol-threshold") { Description = "realised-volatility threshold between calm and volatile", DefaultValueFactory = _ => 0.20 };
    public Option<double> Periods { get; } = new("--periods") { Description = "periods per year (default: inferred from the dates)" };
    public Option<double> RiskFree { get; } = new("--rf") { Description = "annual risk-free rate (fraction)" };
    public Option<string> Html { get; } = new("--html") { Description = "write the interactive HTML tearsheet here (self-contained, works offline)" };
    public Option<string> Png { get; } = new("--png") { Description = "write PNG charts (equity, drawdown, monthly heatmap) into this folder" };
    public Option<string> Pdf { get; } = new("--pdf") { Description = "print the tearsheet to PDF (needs Chromium)" };

    public void AddTo(Command command, bool outputs = true)
    {
        foreach (var option in new Option[] { Benchmark, BenchmarkName, RegimeIndex, RegimeVolThreshold, Periods, RiskFree })
            command.Options.Add(option);
        if (outputs)
            foreach (var option in new Option[] { Html, Png, Pdf }) command.Options.Add(option);
    }

    public bool WantsTearsheet(ParseResult parse) =>
        parse.GetValue(Html) is not null || parse.GetValue(Png) is not null || parse.GetValue(Pdf) is not null;

    public TearsheetInputs Inputs(ParseResult parse)
    {
        var benchmark = parse.GetValue(Benchmark) is { } path ? BenchmarkData.Load(path) : null;
        if (benchmark is not null && parse.GetValue(BenchmarkName) is { Length: > 0 } name) benchmark = benchmark with { Name = name };
        TimeSeries? index = null;
        if (parse.GetValue(RegimeIndex) is { } indexPath)
        {
            if (benchmark is null)
                throw new QuarryException(ErrorCode.InvalidParameter, "--regime-index needs --benchmark (the trend axis uses the benchmark's price level).");
            index = BenchmarkData.Load(indexPath).Close;
        }
        double periods = parse.GetValue(Periods);
        if (periods < 0) throw new QuarryException(ErrorCode.InvalidParameter, $"Option '--periods {periods}' is invalid: expected a positive number of periods per year, e.g. 252.");
        var regimes = RegimeOptions.Default with { RealizedVolatilityThreshold = parse.GetValue(RegimeVolThreshold) };
        regimes.Validate();
        return new TearsheetInputs { Benchmark = benchmark, VolatilityIndex = index, PeriodsPerYear = periods, RiskFree = parse.GetValue(RiskFree), Regimes = regimes };
    }

    /// <summary>Writes the requested tearsheet outputs and returns the paths written.</summary>
    public IReadOnlyList<string> WriteOutputs(ParseResult parse, Tearsheet sheet)
    {
        var written = new List<string>();
        var html = parse.GetValue(Html);
        var pdf = parse.GetValue(Pdf);
        if (html is not null) { HtmlTearsheet.Write(sheet, html); written.Add(html); }
        if (pdf is not null)
        {
            var source = html ?? Path.Combine(Path.GetTempPath(), $"quarry-tearsheet-{Environment.ProcessId}.html");
            if (html is null) HtmlTearsheet.Write(sheet, source);
            try { PdfPrinter.Print(source, pdf); }
            finally { if (html is null) File.Delete(source); }
            written.Add(pdf);
        }
        if (parse.GetValue(Png) is { } dir) written.AddRange(PngCharts.Write(sheet, dir));
        return written;
    }
}
