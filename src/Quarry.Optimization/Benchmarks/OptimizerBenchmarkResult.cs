using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Quarry.Optimization.Benchmarks;

/// <summary>
/// What <see cref="OptimizerBenchmark.Run"/> measured for one (objective, sampler). Timings are wall-clock and only
/// comparable within one machine and session.
/// </summary>
public sealed record OptimizerBenchmarkResult
{
    /// <summary>Objective name.</summary>
    public required string Objective { get; init; }

    /// <summary>The objective's global minimum f*.</summary>
    public required double Optimum { get; init; }

    /// <summary>Sampler name.</summary>
    public required string Sampler { get; init; }

    /// <summary>Trials per seed.</summary>
    public required int Trials { get; init; }

    /// <summary>Number of seeds (0..Seeds−1).</summary>
    public required int Seeds { get; init; }

    /// <summary>Best value after N trials (N = 25, 50, 100, 200 when within the budget): median and quartiles over seeds.</summary>
    public required IReadOnlyDictionary<int, BestValueSummary> BestAt { get; init; }

    /// <summary>Sampling overhead per trial (ask + suggests + tell, objective excluded), ms: median over seeds of the per-seed mean.</summary>
    public required double OverheadMsMean { get; init; }

    /// <summary>The same over the last 20 trials (marginal cost at the end of the budget), ms.</summary>
    public required double OverheadMsLast20 { get; init; }

    /// <summary>ask() cost by completed-history size.</summary>
    public required IReadOnlyDictionary<int, AskCost> Ask { get; init; }

    /// <summary>
    /// Markdown tables in the layout of <c>shared/bench/optimizer.md</c>: best values, overhead, ask() cost.
    /// Numbers use 4 significant digits (Python's <c>%.4g</c>).
    /// </summary>
    public string ToTable() => ToTable([this]);

    /// <summary>The tables of several results together (rows in the given order).</summary>
    public static string ToTable(IEnumerable<OptimizerBenchmarkResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var list = results.ToList();
        var sb = new StringBuilder();
        var checkpoints = list.SelectMany(r => r.BestAt.Keys).Distinct().Order().ToList();
        sb.Append("| objective (f*) | sampler |");
        foreach (int n in checkpoints) sb.Append(CultureInfo.InvariantCulture, $" @{n} |");
        sb.AppendLine();
        sb.Append("|---|---|");
        foreach (var _ in checkpoints) sb.Append("---|");
        sb.AppendLine();
        foreach (var r in list)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {r.Objective} ({G4(r.Optimum)}) | {r.Sampler} |");
            foreach (int n in checkpoints)
                sb.Append(r.BestAt.TryGetValue(n, out var s) ? $" {G4(s.Median)} [{G4(s.Q25)}, {G4(s.Q75)}] |" : " |");
            sb.AppendLine();
        }
        sb.AppendLine();
        sb.AppendLine("| objective | sampler | overhead ms mean/trial | overhead ms last 20 |");
        sb.AppendLine("|---|---|---|---|");
        foreach (var r in list)
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {r.Objective} | {r.Sampler} | {F(r.OverheadMsMean)} | {F(r.OverheadMsLast20)} |");
        if (list.Any(r => r.Ask.Count > 0))
        {
            sb.AppendLine();
            sb.AppendLine("| objective | history | sampler | ask ms median (mean) | tell ms |");
            sb.AppendLine("|---|---|---|---|---|");
            foreach (var r in list)
                foreach (var (history, a) in r.Ask)
                    sb.AppendLine(CultureInfo.InvariantCulture, $"| {r.Objective} | {history} | {r.Sampler} | {F(a.MedianMs)} ({F(a.MeanMs)}) | {F(a.TellMedianMs)} |");
        }
        return sb.ToString();
    }

    /// <summary>
    /// JSON: <c>{"objective", "sampler", "best_at": {"25": {"median", "q25", "q75"}, ...}, "overhead_ms_mean",
    /// "ask_ms": {"1000": median, "5000": median}}</c>, followed by <c>f_star</c>, <c>trials</c>, <c>seeds</c>,
    /// <c>overhead_ms_last20</c>, <c>ask_ms_mean</c> and <c>tell_ms</c>. Non-finite numbers are written as null.
    /// </summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("objective", Objective);
            w.WriteString("sampler", Sampler);
            w.WriteStartObject("best_at");
            foreach (var (n, s) in BestAt)
            {
                w.WriteStartObject(n.ToString(CultureInfo.InvariantCulture));
                Number(w, "median", s.Median);
                Number(w, "q25", s.Q25);
                Number(w, "q75", s.Q75);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            Number(w, "overhead_ms_mean", OverheadMsMean);
            w.WriteStartObject("ask_ms");
            foreach (var (h, a) in Ask) Number(w, h.ToString(CultureInfo.InvariantCulture), a.MedianMs);
            w.WriteEndObject();
            Number(w, "f_star", Optimum);
            w.WriteNumber("trials", Trials);
            w.WriteNumber("seeds", Seeds);
            Number(w, "overhead_ms_last20", OverheadMsLast20);
            w.WriteStartObject("ask_ms_mean");
            foreach (var (h, a) in Ask) Number(w, h.ToString(CultureInfo.InvariantCulture), a.MeanMs);
            w.WriteEndObject();
            w.WriteStartObject("tell_ms");
            foreach (var (h, a) in Ask) Number(w, h.ToString(CultureInfo.InvariantCulture), a.TellMedianMs);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    static void Number(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v)) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    /// <summary>Python's <c>%.4g</c>.</summary>
    internal static string G4(double v)
    {
        if (double.IsNaN(v)) return "nan";
        if (double.IsInfinity(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return "0";
        int exp = (int)Math.Floor(Math.Log10(Math.Abs(v)));
        double rounded = double.Parse(v.ToString("E3", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        exp = (int)Math.Floor(Math.Log10(Math.Abs(rounded)));
        if (exp < -4 || exp >= 4)
        {
            string mant = (rounded / Math.Pow(10, exp)).ToString("0.###", CultureInfo.InvariantCulture);
            return $"{mant}e{(exp < 0 ? "-" : "+")}{Math.Abs(exp):00}";
        }
        return rounded.ToString("0." + new string('#', Math.Max(0, 3 - exp)), CultureInfo.InvariantCulture);
    }

    static string F(double v) => v.ToString(v < 10 ? "0.000" : "0.0", CultureInfo.InvariantCulture);
}
