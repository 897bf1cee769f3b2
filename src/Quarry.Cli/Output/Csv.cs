using System.Globalization;
using Quarry.Backtesting.Results;
using Quarry.Backtesting.Sweeps;

namespace Quarry.Cli.Output;

/// <summary>CSV exports of trades, equity curves and sweeps (invariant culture, empty cells for missing values).</summary>
internal static class Csv
{
    static string N(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    public static void Trades(string path, IReadOnlyList<Trade> trades) => FileOutput.Text(path, w =>
    {
        w.WriteLine("symbol,direction,entry_time,entry_price,exit_time,exit_price,size,pnl_gross,commission,pnl_net,return,bars_held,mae,mfe");
        foreach (var t in trades)
            w.WriteLine(string.Join(',', t.Symbol, t.Direction == TradeDirection.Long ? "long" : "short", Json.Time(t.EntryTime), N(t.EntryPrice),
                t.ExitTime is { } x ? Json.Time(x) : "", t.ExitPrice is { } p ? N(p) : "", N(t.Size), N(t.GrossPnl), N(t.Commission),
                N(t.NetPnl), N(t.ReturnPct), t.BarsHeld.ToString(CultureInfo.InvariantCulture), N(t.Mae), N(t.Mfe)));
    });

    public static void Equity(string path, BacktestResult result) => FileOutput.Text(path, w =>
    {
        w.WriteLine("time,equity,cash,gross_exposure");
        for (int i = 0; i < result.Time.Length; i++)
            w.WriteLine($"{Json.Time(result.Time[i])},{N(result.Equity[i])},{N(result.Cash[i])},{N(result.GrossExposure[i])}");
    });

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
