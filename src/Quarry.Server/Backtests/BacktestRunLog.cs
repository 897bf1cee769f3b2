using System.Text;
using System.Text.Json;
using Quarry.Analytics.Tearsheets;
using Quarry.Backtesting.Results;
using Quarry.Tracking;
using Quarry.Tracking.Client;

namespace Quarry.Server.Backtests;

/// <summary>
/// Logs a finished backtest to a tracked run, the one way both <c>quarry backtest --track</c> and the server's backtest
/// jobs do it: the strategy's parameters then the backtest settings as params, the summary and tearsheet metrics
/// (finite values only; a benchmark's under <c>benchmark.</c>), the tags, and the artifacts <c>equity.csv</c>,
/// <c>trades.csv</c>, <c>result.json</c> and (when given) <c>tearsheet.html</c>; then ends the run FINISHED.
/// </summary>
public static class BacktestRunLog
{
    /// <summary>The artifact name of the HTML tearsheet.</summary>
    public const string TearsheetFile = "tearsheet.html";

    /// <summary>Logs <paramref name="content"/> to <paramref name="run"/> and marks it FINISHED once everything is written.</summary>
    /// <exception cref="Quarry.Core.QuarryException">From the store, when a write is rejected; the run is left RUNNING for the caller to fail.</exception>
    public static async Task FinishAsync(ActiveRun run, BacktestRunContent content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(content);
        var result = content.Result;
        foreach (var (key, value) in result.Parameters) run.LogParam(key, value);
        var strategyKeys = result.Parameters.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var p in content.Options)
            if (!strategyKeys.Contains(p.Key)) run.LogParam(p.Key, p.Value);
        run.LogMetrics(Metrics(result, content.Sheet));
        // Written to a scratch folder, then logged through the client: a local folder or the server's artifact store.
        var scratch = Directory.CreateTempSubdirectory("quarry-run-").FullName;
        try
        {
            WriteText(Path.Combine(scratch, "equity.csv"), w => BacktestFiles.WriteEquityCsv(w, result));
            WriteText(Path.Combine(scratch, "trades.csv"), w => BacktestFiles.WriteTradesCsv(w, result.Trades));
            using (var stream = File.Create(Path.Combine(scratch, "result.json")))
            using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
                BacktestFiles.WriteResultJson(json, result);
            if (content.TearsheetHtml is { } html) await File.WriteAllTextAsync(Path.Combine(scratch, TearsheetFile), html, cancellationToken).ConfigureAwait(false);
            await run.LogArtifactsAsync(scratch, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
        foreach (var tag in content.Tags) run.SetTag(tag.Key, tag.Value);
        if (run.Artifacts.LocalFolder is { } folder) run.SetTag("quarry.artifact_dir", folder);
        await run.EndAsync(RunStatus.Finished, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The metrics a tracked backtest logs: the engine's summary, then the tearsheet's metrics and trade metrics (the
    /// summary's value wins on a shared key), benchmark values as <c>benchmark.KEY</c>; NaN and infinities left out.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Metrics(BacktestResult result, Tearsheet sheet)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(sheet);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in result.Summary.ToDictionary()) Add(metrics, key, value);
        foreach (var row in sheet.Metrics.Concat(sheet.TradeMetrics))
        {
            Add(metrics, row.Key, row.Strategy);
            Add(metrics, "benchmark." + row.Key, row.Benchmark);
        }
        return metrics;
    }

    static void Add(Dictionary<string, double> metrics, string key, double value)
    {
        if (double.IsFinite(value)) metrics.TryAdd(key, value);
    }

    static void WriteText(string path, Action<TextWriter> write)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        write(writer);
    }
}
