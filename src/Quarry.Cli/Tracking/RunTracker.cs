using Quarry.Analytics.Tearsheets;
using Quarry.Backtesting.Results;
using Quarry.Cli.Output;
using Quarry.Tracking;
using Quarry.Tracking.Client;
using Quarry.Tracking.Research;

namespace Quarry.Cli.Tracking;

/// <summary>One tracked backtest run, logged through the tracking client: started before the backtest, then finished with its data or marked failed.</summary>
internal sealed class RunTracker : IDisposable
{
    readonly TrackingClient _client;
    readonly ActiveRun _run;

    RunTracker(TrackingClient client, Experiment experiment, ActiveRun run)
    {
        _client = client;
        Experiment = experiment;
        _run = run;
    }

    public Experiment Experiment { get; }
    public RunInfo Run => _run.Info;

    /// <summary>Gets or creates the experiment (with its research tags) and starts a run in it; the tracker owns <paramref name="client"/>.</summary>
    public static RunTracker Start(TrackingClient client, ExperimentName name, string? team, string runName)
    {
        try
        {
            var experiment = Sync(client.SetExperimentAsync(name.ToString(), ResearchTags.For(name, team)));
            var run = Sync(client.StartRunAsync(experiment.ExperimentId, runName, new Dictionary<string, string> { ["quarry.source"] = "cli" }));
            return new RunTracker(client, experiment, run);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Where the run's artifacts are: the local folder, or the run's artifact URI on a server.</summary>
    public string ArtifactLocation => _run.Artifacts.LocalFolder ?? Run.ArtifactUri;

    /// <summary>Logs params, metrics, tags and artifacts, and marks the run FINISHED once everything is written.</summary>
    public void Finish(BacktestResult result, Tearsheet sheet, IReadOnlyList<Param> options, IReadOnlyList<RunTag> tags, string? html)
    {
        foreach (var (key, value) in result.Parameters) _run.LogParam(key, value);
        var strategyKeys = result.Parameters.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var p in options)
            if (!strategyKeys.Contains(p.Key)) _run.LogParam(p.Key, p.Value);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in result.Summary.ToDictionary()) Add(metrics, key, value);
        foreach (var row in sheet.Metrics.Concat(sheet.TradeMetrics))
        {
            Add(metrics, row.Key, row.Strategy);
            Add(metrics, "benchmark." + row.Key, row.Benchmark);
        }
        _run.LogMetrics(metrics);
        // Written to a scratch folder, then logged through the client: a local folder or the server's artifact proxy.
        var scratch = Directory.CreateTempSubdirectory("quarry-run-").FullName;
        try
        {
            Csv.Equity(Path.Combine(scratch, "equity.csv"), result);
            Csv.Trades(Path.Combine(scratch, "trades.csv"), result.Trades);
            Json.Write(Path.Combine(scratch, "result.json"), w => Json.Backtest(w, result));
            if (html is not null && File.Exists(html)) File.Copy(html, Path.Combine(scratch, "tearsheet.html"), overwrite: true);
            Sync(_run.LogArtifactsAsync(scratch));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
        foreach (var tag in tags) _run.SetTag(tag.Key, tag.Value);
        if (_run.Artifacts.LocalFolder is { } folder) _run.SetTag("quarry.artifact_dir", folder);
        Sync(_run.EndAsync(RunStatus.Finished));
    }

    /// <summary>Marks the run FAILED (best effort: the original error is what matters).</summary>
    public void Fail()
    {
        try
        {
            Sync(_run.EndAsync(RunStatus.Failed));
            Console.Error.WriteLine($"note: tracked run {Run.RunId} marked FAILED");
        }
        catch (Exception e) when (e is not OperationCanceledException) { Console.Error.WriteLine($"note: could not mark run {Run.RunId} FAILED: {e.Message}"); }
    }

    public void Dispose() => _client.Dispose();

    static void Add(Dictionary<string, double> metrics, string key, double value)
    {
        if (double.IsFinite(value)) metrics.TryAdd(key, value);
    }

    static T Sync<T>(Task<T> task) => task.GetAwaiter().GetResult();
    static void Sync(Task task) => task.GetAwaiter().GetResult();
}
