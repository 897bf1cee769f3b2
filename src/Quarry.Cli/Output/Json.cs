using System.Text;
using System.Text.Json;
using Quarry.Backtesting.Results;
using Quarry.Backtesting.Sweeps;

namespace Quarry.Cli.Output;

/// <summary>Machine-readable output. NaN and infinities are written as null; times as ISO 8601.</summary>
internal static class Json
{
    public static void Write(string path, Action<Utf8JsonWriter> body)
    {
        if (path == "-")
        {
            using var stdout = Console.OpenStandardOutput();
            WriteTo(stdout, body);
            Console.Out.WriteLine();
            return;
        }
        FileOutput.Atomically(path, stream => WriteTo(stream, body));
    }

    static void WriteTo(Stream stream, Action<Utf8JsonWriter> body)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        body(writer);
    }

    public static void Number(this Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteNull(name);
    }

    public static string Time(DateTime t) =>
        t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            : t.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    public static void Metrics(this Utf8JsonWriter w, PerformanceSummary summary)
    {
        w.WriteStartObject("metrics");
        foreach (var (name, value) in summary.ToDictionary()) w.Number(name, value);
        w.WriteEndObject();
    }

    public static void Backtest(Utf8JsonWriter w, BacktestResult result)
    {
        w.WriteStartObject();
        w.WriteString("strategy", result.Strategy);
        w.WriteStartObject("parameters");
        foreach (var (name, value) in result.Parameters) w.WriteString(name, value);
        w.WriteEndObject();
        w.WriteStartArray("symbols");
        foreach (var symbol in result.Symbols) w.WriteStringValue(symbol);
        w.WriteEndArray();
        w.Number("initial_cash", result.InitialCash);
        w.Number("final_value", result.FinalValue);
        w.Number("total_return", result.TotalReturn);
        w.Number("total_fees", result.TotalCommission);
        w.Number("total_slippage", result.TotalSlippage);
        w.Metrics(result.Summary);
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
            w.Number("value", result.Equity[i]);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    static void Trade(Utf8JsonWriter w, Trade t)
    {
        w.WriteStartObject();
        w.WriteString("symbol", t.Symbol);
        w.WriteString("direction", t.Direction == TradeDirection.Long ? "long" : "short");
        w.WriteString("entry_time", Time(t.EntryTime));
        w.Number("entry_price", t.EntryPrice);
        if (t.ExitTime is { } exit) w.WriteString("exit_time", Time(exit)); else w.WriteNull("exit_time");
        if (t.ExitPrice is { } price) w.Number("exit_price", price); else w.WriteNull("exit_price");
        w.Number("size", t.Size);
        w.Number("pnl_gross", t.GrossPnl);
        w.Number("commission", t.Commission);
        w.Number("pnl_net", t.NetPnl);
        w.Number("return", t.ReturnPct);
        w.WriteNumber("bars_held", t.BarsHeld);
        w.Number("mae", t.Mae);
        w.Number("mfe", t.Mfe);
        w.WriteEndObject();
    }

    static void Order(Utf8JsonWriter w, Backtesting.Orders.OrderRecord o)
    {
        w.WriteStartObject();
        w.WriteNumber("id", o.Id);
        w.WriteString("symbol", o.Symbol);
        w.WriteString("side", o.Side.ToString().ToLowerInvariant());
        w.WriteString("type", o.Type.ToString().ToLowerInvariant());
        w.WriteString("size", $"{o.Size.Kind}:{o.Size.Amount}");
        w.Number("limit_price", o.LimitPrice);
        w.Number("stop_price", o.StopPrice);
        w.WriteString("submitted_time", Time(o.SubmittedTime));
        w.WriteString("status", o.Status.ToString().ToLowerInvariant());
        if (o.FillTime is { } fill) w.WriteString("fill_time", Time(fill)); else w.WriteNull("fill_time");
        w.Number("fill_price", o.FillPrice);
        w.Number("quantity", o.Quantity);
        w.Number("commission", o.Commission);
        if (o.Reason is null) w.WriteNull("reason"); else w.WriteString("reason", o.Reason);
        w.WriteEndObject();
    }

    public static void Sweep(Utf8JsonWriter w, string strategy, SweepResult result)
    {
        w.WriteStartObject();
        w.WriteString("strategy", strategy);
        w.WriteNumber("cells", result.Cells.Count);
        w.WriteNumber("jobs", result.Jobs);
        w.WriteBoolean("vectorized", result.Vectorized);
        w.WriteNumber("elapsed_seconds", result.ElapsedSeconds);
        w.WriteStartArray("results");
        foreach (var cell in result.Cells)
        {
            w.WriteStartObject();
            w.WriteStartObject("params");
            foreach (var (name, value) in cell.Parameters) w.WriteString(name, value);
            w.WriteEndObject();
            w.Number("final_value", cell.Summary.FinalValue);
            w.Metrics(cell.Summary);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static string Escape(string text) => Encoding.UTF8.GetString(JsonEncodedText.Encode(text).EncodedUtf8Bytes);
}
