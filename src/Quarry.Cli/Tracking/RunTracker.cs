using Quarry.Analytics.Tearsheets;
using Quarry.Backtesting.Results;
using Quarry.Server.Backtests;
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

    /// <summary>Logs params, metrics, tags and artifacts (<see cref="BacktestRunLog"/>), and marks the run FINISHED once everything is written.</summary>
    public void Finish(BacktestResult result, Tearsheet sheet, IReadOnlyList<Param> options, IReadOnlyList<RunTag> tags, string? html) =>
        Sync(BacktestRunLog.FinishAsync(_run, new BacktestRunContent(result, sheet)
        {
            Options = options,
            Tags = tags,
            TearsheetHtml = html is not null && File.Exists(html) ? File.ReadAllText(html) : null,
        }));

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

    static T Sync<T>(Task<T> task) => task.GetAwaiter().GetResult();
    static void Sync(Task task) => task.GetAwaiter().GetResult();
}
