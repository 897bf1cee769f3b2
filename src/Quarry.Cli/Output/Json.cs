using System.Text;
using System.Text.Json;
using Quarry.Backtesting.Results;
using Quarry.Backtesting.Sweeps;
using Quarry.Server.Backtests;

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

    public static void Number(this Utf8JsonWriter w, string name, double value) => BacktestFiles.Number(w, name, value);

    public static string Time(DateTime t) => BacktestFiles.Time(t);

    public static void Metrics(this Utf8JsonWriter w, PerformanceSummary summary) => BacktestFiles.WriteMetrics(w, summary);

    public static void Backtest(Utf8JsonWriter w, BacktestResult result) => BacktestFiles.WriteResultJson(w, result);

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
