using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Quarry.Analytics.Tearsheets;

/// <summary>
/// The data blob the page's charts read: one JSON object (camelCase) with the time axis, growth-of-1 curves,
/// drawdowns, rolling series, yearly returns, histogram and regimes. Numbers keep 6 significant digits; NaN and
/// infinities are written as null. Series longer than <see cref="ChartSeries.MaxPoints"/> are decimated
/// (<see cref="ChartSeries.Sample"/>). Strings are escaped for embedding in a &lt;script&gt; element.
/// </summary>
internal static class TearsheetJson
{
    static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>Serialises the chart data of <paramref name="t"/>.</summary>
    public static string Build(Tearsheet t, TearsheetView view)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            int[]? rows = ChartSeries.Sample(view.Wealth);
            w.WriteStartObject();
            w.WriteNumber("version", 1);
            w.WriteString("title", t.Title);
            w.WriteString("benchmarkName", t.BenchmarkName);
            w.WriteNumber("periods", t.Time.Length);
            w.WriteBoolean("sampled", rows is not null);
            WriteTime(w, t.Time, rows);
            Series(w, "equity", view.Wealth, rows);
            Series(w, "grossEquity", view.GrossWealth, rows);
            Series(w, "benchmark", view.BenchmarkWealth, rows);
            Series(w, "drawdown", view.Drawdown, rows);
            Series(w, "benchmarkDrawdown", view.BenchmarkDrawdown, rows);
            WriteRolling(w, t, view, rows);
            WriteYearly(w, t);
            WriteHistogram(w, t, view);
            WriteRegimes(w, t);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    static void WriteTime(Utf8JsonWriter w, DateTime[] time, int[]? rows)
    {
        bool daily = true;
        foreach (var d in time) if (d.TimeOfDay != TimeSpan.Zero) { daily = false; break; }
        w.WriteBoolean("intraday", !daily);
        w.WriteString("timeUnit", daily ? "day" : "ms");
        w.WriteStartArray("x");
        int n = rows?.Length ?? time.Length;
        for (int k = 0; k < n; k++)
        {
            var d = time[rows is null ? k : rows[k]];
            var span = DateTime.SpecifyKind(d, DateTimeKind.Unspecified) - Epoch;
            if (daily) w.WriteNumberValue((long)Math.Floor(span.TotalDays));
            else w.WriteNumberValue((long)Math.Floor(span.TotalMilliseconds));
        }
        w.WriteEndArray();
    }

    static void WriteRolling(Utf8JsonWriter w, Tearsheet t, TearsheetView view, int[]? rows)
    {
        w.WriteStartObject("rolling");
        w.WriteNumber("window", t.RollingWindow);
        Series(w, "sharpe", view.Aligned(t.RollingSharpe), rows);
        Series(w, "sortino", view.Aligned(t.RollingSortino), rows);
        Series(w, "volatility", view.Aligned(t.RollingVolatility), rows);
        Series(w, "beta", view.Aligned(t.RollingBeta), rows);
        w.WriteEndObject();
    }

    static void WriteYearly(Utf8JsonWriter w, Tearsheet t)
    {
        if (t.Yearly.Count == 0) return;
        w.WriteStartObject("yearly");
        w.WriteStartArray("years");
        foreach (var y in t.Yearly) w.WriteNumberValue(y.Year);
        w.WriteEndArray();
        w.WriteStartArray("strategy");
        foreach (var y in t.Yearly) Number(w, y.Strategy);
        w.WriteEndArray();
        if (t.Yearly.Any(y => double.IsFinite(y.Benchmark)))
        {
            w.WriteStartArray("benchmark");
            foreach (var y in t.Yearly) Number(w, y.Benchmark);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    static void WriteHistogram(Utf8JsonWriter w, Tearsheet t, TearsheetView view)
    {
        if (ChartSeries.Histogram(t.Returns, view.HasBenchmark ? t.BenchmarkReturns : null) is not { } h) return;
        w.WriteStartObject("histogram");
        Series(w, "edges", h.Edges, null);
        Series(w, "strategy", h.Strategy, null);
        Series(w, "benchmark", h.Benchmark, null);
        w.WriteEndObject();
    }

    static void WriteRegimes(Utf8JsonWriter w, Tearsheet t)
    {
        if (t.Regimes is not { Rows.Count: > 0 } regimes) return;
        w.WriteStartObject("regimes");
        w.WriteStartArray("names");
        foreach (var r in regimes.Rows) w.WriteStringValue(r.Regime);
        w.WriteEndArray();
        w.WriteStartArray("annualReturn");
        foreach (var r in regimes.Rows) Number(w, r.AnnualReturn);
        w.WriteEndArray();
        w.WriteStartArray("sharpe");
        foreach (var r in regimes.Rows) Number(w, r.Sharpe);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Writes a series (or nothing when null), picking <paramref name="rows"/> when given.</summary>
    static void Series(Utf8JsonWriter w, string name, double[]? values, int[]? rows)
    {
        if (values is null) return;
        w.WriteStartArray(name);
        if (rows is null) foreach (double v in values) Number(w, v);
        else foreach (int i in rows) Number(w, values[i]);
        w.WriteEndArray();
    }

    /// <summary>A number with 6 significant digits, or null when not finite.</summary>
    static void Number(Utf8JsonWriter w, double v)
    {
        if (!double.IsFinite(v)) { w.WriteNullValue(); return; }
        if (v == 0) { w.WriteRawValue("0"u8, skipInputValidation: true); return; }
        Span<byte> text = stackalloc byte[32];
        v.TryFormat(text, out int length, "G6", CultureInfo.InvariantCulture);
        w.WriteRawValue(text[..length], skipInputValidation: true);
    }
}
