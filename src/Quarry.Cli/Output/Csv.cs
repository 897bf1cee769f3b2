using System.Globalization;
using Quarry.Backtesting.Results;
using Quarry.Backtesting.Sweeps;
using Quarry.Server.Backtests;

namespace Quarry.Cli.Output;

/// <summary>CSV exports of trades, equity curves and sweeps (invariant culture, empty cells for missing values).</summary>
internal static class Csv
{
    static string N(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    public static void Trades(string path, IReadOnlyList<Trade> trades) => FileOutput.Text(path, w => BacktestFiles.WriteTradesCsv(w, trades));

    public static void Equity(string path, BacktestResult result) => FileOutput.Text(path, w => BacktestFiles.WriteEquityCsv(w, result));

    public static void Sweep(string path, SweepResult result) => FileOutput.Text(path, w =>
    {
        if (result.Cells.Count == 0) return;
        var names = result.Cells[0].Parameters.Select(p => p.Key).ToList();
        var metrics = result.Cells[0].Summary.ToDictionary().Keys.ToList();
        w.WriteLine(string.Join(',', names.Concat(metrics)));
        foreach (var cell in result.Cells)
        {
            var values = cell.Summary.ToDictionary();
            w.WriteLine(string.Join(',', cell.Parameters.Select(p => p.Value).Concat(metrics.Select(m => N(values[m])))));
        }
    });
}
