using Quarry.Analytics.Tearsheets;
using Quarry.Backtesting.Results;
using Quarry.Cli.Output;
using Quarry.Tracking;
using Quarry.Tracking.Research;
using Quarry.Tracking.Storage;

namespace Quarry.Cli.Tracking;

/// <summary>One tracked backtest run: started before the backtest, then finished with its data or marked failed.</summary>
internal sealed class RunTracker : IDisposable
{
    readonly SqlTrackingStore _store;
    readonly string _artifactRoot;

    RunTracker(SqlTrackingStore store, string artifactRoot, Experiment experiment, RunInfo run)
    {
        _store = store;
        _artifactRoot = artifactRoot;
        Experiment = experiment;
        Run = run;
    }

    public Experiment Experiment { get; }
    public RunInfo Run { get; }

    /// <summary>Gets or creates the experiment (with its research tags) and starts a run in it.</summary>
    public static RunTracker Start(SqlTrackingStore store, string artifactRoot, ExperimentName name, string? team, string runName)
    {
        try
        {
            var experiment = Sync(store.GetExperimentByNameAsync(name.ToString()));
            if (experiment is null)
            {
                var id = Sync(store.CreateExperimentAsync(name.ToString(), tags: ResearchTags.For(name, team)));
                experiment = Sync(store.GetExperimentAsync(id));
            }
            long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var run = Sync(store.CreateRunAsync(experiment.ExperimentId, Environment.UserName, now, runName,
                [new RunTag("quarry.source", "cli")]));
            return new RunTracker(store, artifactRoot, experiment, run.Info);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>The run's local artifact folder.</summary>
    public string ArtifactFolder =>
        TrackingInputs.LocalFolder(Run.ArtifactUri, _artifactRoot) ?? Path.Combine(_artifactRoot, Run.ExperimentId, Run.RunId, "artifacts");

    /// <summary>Logs params, metrics, tags and artifacts, and marks the run FINISHED.</summary>
    public void Finish(BacktestResult result, Tearsheet sheet, IReadOnlyList<Param> options, IReadOnlyList<RunTag> tags, string? html)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var @params = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in result.Parameters) @params[key] = value;
        foreach (var p in options) @params.TryAdd(p.Key, p.Value);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in result.Summary.ToDictionary()) Add(metrics, key, value);
        foreach (var row in sheet.Metrics.Concat(sheet.TradeMetrics))
        {
            Add(metrics, row.Key, row.Strategy);
            Add(metrics, "benchmark." + row.Key, row.Benchmark);
        }
        var folder = ArtifactFolder;
        Directory.CreateDirectory(folder);
        Csv.Equity(Path.Combine(folder, "equity.csv"), result);
        Csv.Trades(Path.Combine(folder, "trades.csv"), result.Trades);
        Json.Write(Path.Combine(folder, "result.json"), w => Json.Backtest(w, result));
        if (html is not null && File.Exists(html)) File.Copy(html, Path.Combine(folder, "tearsheet.html"), overwrite: true);
        var allTags = tags.Append(new RunTag("quarry.artifact_dir", folder)).ToList();
        Sync(_store.LogBatchAsync(Run.RunId, [.. metrics.Select(m => new Metric(m.Key, m.Value, now))],
            [.. @params.Select(p => new Param(p.Key, p.Value))], allTags));
        Sync(_store.UpdateRunAsync(Run.RunId, RunStatus.Finished, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
    }

    /// <summary>Marks the run FAILED (best effort: the original error is what matters).</summary>
    public void Fail()
    {
        try
        {
            Sync(_store.UpdateRunAsync(Run.RunId, RunStatus.Failed, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
            Console.Error.WriteLine($"note: tracked run {Run.RunId} marked FAILED");
        }
        catch (Exception e) when (e is not OperationCanceledException) { Console.Error.WriteLine($"note: could not mark run {Run.RunId} FAILED: {e.Message}"); }
    }

    public void Dispose() => _store.Dispose();

    static void Add(Dictionary<string, double> metrics, string key, double value)
    {
        if (double.IsFinite(value)) metrics.TryAdd(key, value);
    }


    static T Sync<T>(Task<T> task) => task.GetAwaiter().GetResult();
    static void Sync(Task task) => task.GetAwaiter().GetResult();
}
