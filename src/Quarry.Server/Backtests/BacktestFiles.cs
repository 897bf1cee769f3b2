using System.Globalization;
using System.Text.Json;
using Quarry.Backtesting.Orders;
using Quarry.Backtesting.Results;

namespace Quarry.Server.Backtests;

/// <summary>
/// The files a backtest is exported as, shared by <c>quarry backtest</c> (<c>--json</c>, <c>--trades</c>,
/// <c>--equity</c>) and tracked runs (<c>result.json</c>, <c>trades.csv</c>, <c>equity.csv</c>). Invariant culture;
/// NaN and infinities are empty CSV cells and JSON nulls; times are ISO 8601 (a date alone when at midnight).
/// Stateless and thread-safe.
/// </summary>
public static class BacktestFiles
{
    /// <summary>A bar time as written in every export: <c>2014-03-04</c>, or <c>2014-03-04T15:30:00</c> intraday.</summary>
    public static string Time(DateTime t) =>
        t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : t.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Writes <c>time,equity,cash,gross_exposure</c>, one row per bar.</summary>
    public static void WriteEquityCsv(TextWriter w, BacktestResult result)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(result);
        w.WriteLine("time,equity,cash,gross_exposure");
        for (int i = 0; i < result.Time.Length; i++)
            w.WriteLine($"{Time(result.Time[i])},{N(result.Equity[i])},{N(result.Cash[i])},{N(result.GrossExposure[i])}");
    }

    /// <summary>Writes one row per trade (open trades have empty exit cells); returns are fractions.</summary>
    public static void WriteTradesCsv(TextWriter w, IReadOnlyList<Trade> trades)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(trades);
        w.WriteLine("symbol,direction,entry_time,entry_price,exit_time,exit_price,size,pnl_gross,commission,pnl_net,return,bars_held,mae,mfe");
        foreach (var t in trades)
            w.WriteLine(string.Join(',', t.Symbol, Direction(t), Time(t.EntryTime), N(t.EntryPrice),
                t.ExitTime is { } x ? Time(x) : "", t.ExitPrice is { } p ? N(p) : "", N(t.Size), N(t.GrossPnl), N(t.Commission),
                N(t.NetPnl), N(t.ReturnPct), t.BarsHeld.ToString(CultureInfo.InvariantCulture), N(t.Mae), N(t.Mfe)));
    }

    /// <summary>
    /// Writes the whole result as one JSON object: strategy, parameters, symbols, cash and cost totals, summary metrics,
    /// trades, orders and the equity curve.
    /// </summary>
    public static void WriteResultJson(Utf8JsonWriter w, BacktestResult result)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(result);
        w.WriteStartObject();
        w.WriteString("strategy", result.Strategy);
        w.WriteStartObject("parameters");
        foreach (var (name, value) in result.Parameters) w.WriteString(name, value);
        w.WriteEndObject();
        w.WriteStartArray("symbols");
        foreach (var symbol in result.Symbols) w.WriteStringValue(symbol);
        w.WriteEndArray();
        Number(w, "initial_cash", result.InitialCash);
        Number(w, "final_value", result.FinalValue);
        Number(w, "total_return", result.TotalReturn);
        Number(w, "total_fees", result.TotalCommission);
        Number(w, "total_slippage", result.TotalSlippage);
        WriteMetrics(w, result.Summary);
        w.WriteStartArray("trades");
        foreach (var t in result.Trades) Trade(w, t);
        w.WriteEndArray();
        w.WriteStartArray("orders");
        foreach (var o in result.Orders) Order(w, o);
        w.WriteEndArray();
        w.WriteStartArray("equity");
        for (int i = 0; i < result.Time.Length; i++)
        {
            w.WriteStartObject();
            w.WriteString("time", Time(result.Time[i]));
            Number(w, "value", result.Equity[i]);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Writes <c>"metrics": {name: value|null}</c> from the summary.</summary>
    public static void WriteMetrics(Utf8JsonWriter w, PerformanceSummary summary)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(summary);
        w.WriteStartObject("metrics");
        foreach (var (name, value) in summary.ToDictionary()) Number(w, name, value);
        w.WriteEndObject();
    }

    /// <summary>Writes a number, or null when it is NaN or infinite (JSON has neither).</summary>
    public static void Number(Utf8JsonWriter w, string name, double value)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (double.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteNull(name);
    }

    static string N(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    static string Direction(Trade t) => t.Direction == TradeDirection.Long ? "long" : "short";

    static void Trade(Utf8JsonWriter w, Trade t)
    {
        w.WriteStartObject();
        w.WriteString("symbol", t.Symbol);
        w.WriteString("direction", Direction(t));
        w.WriteString("entry_time", Time(t.EntryTime));
        Number(w, "entry_price", t.EntryPrice);
        if (t.ExitTime is { } exit) w.WriteString("exit_time", Time(exit)); else w.WriteNull("exit_time");
        if (t.ExitPrice is { } price) Number(w, "exit_price", price); else w.WriteNull("exit_price");
        Number(w, "size", t.Size);
        Number(w, "pnl_gross", t.GrossPnl);
        Number(w, "commission", t.Commission);
        Number(w, "pnl_net", t.NetPnl);
        Number(w, "return", t.ReturnPct);
        w.WriteNumber("bars_held", t.BarsHeld);
        Number(w, "mae", t.Mae);
        Number(w, "mfe", t.Mfe);
        w.WriteEndObject();
    }

    static void Order(Utf8JsonWriter w, OrderRecord o)
    {
        w.WriteStartObject();
        w.WriteNumber("id", o.Id);
        w.WriteString("symbol", o.Symbol);
        w.WriteString("side", o.Side.ToString().ToLowerInvariant());
        w.WriteString("type", o.Type.ToString().ToLowerInvariant());
        w.WriteString("size", $"{o.Size.Kind}:{o.Size.Amount}");
        Number(w, "limit_price", o.LimitPrice);
        Number(w, "stop_price", o.StopPrice);
        w.WriteString("submitted_time", Time(o.SubmittedTime));
        w.WriteString("status", o.Status.ToString().ToLowerInvariant());
        if (o.FillTime is { } fill) w.WriteString("fill_time", Time(fill)); else w.WriteNull("fill_time");
        Number(w, "fill_price", o.FillPrice);
        Number(w, "quantity", o.Quantity);
        Number(w, "commission", o.Commission);
        if (o.Reason is null) w.WriteNull("reason"); else w.WriteString("reason", o.Reason);
        w.WriteEndObject();
    }
}
