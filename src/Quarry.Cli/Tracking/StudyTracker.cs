using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Quarry.Cli.Research;
using Quarry.Optimization;
using Quarry.Tracking;
using Quarry.Tracking.Client;
using Quarry.Tracking.Research;

namespace Quarry.Cli.Tracking;

/// <summary>
/// Tracks an optimization while it runs: the study is a parent run (settings at the start; counts and the best value
/// at the end, with <c>best_value</c> per trial number as it improves) and each trial becomes a child run (params,
/// metrics, intermediate values, state) tagged <c>mlflow.parentRunId</c> as soon as it finishes. Finished trials go
/// through a queue to one background consumer, so the optimizer's threads never wait for the store.
/// </summary>
internal sealed class StudyTracker : IDisposable
{
    const int EndingChildrenInFlight = 4;

    readonly TrackingClient _client;
    readonly ActiveRun _parent;
    readonly StudyDirection _direction;
    readonly string _metric;
    readonly Channel<FrozenTrial> _finished = Channel.CreateUnbounded<FrozenTrial>(new UnboundedChannelOptions { SingleReader = true });
    readonly HashSet<int> _logged = [];
    readonly Task _consumer;
    double? _best;
    bool _completed;

    StudyTracker(TrackingClient client, ActiveRun parent, StudyDirection direction, string metric)
    {
        _client = client;
        _parent = parent;
        _direction = direction;
        _metric = metric;
        _consumer = ConsumeAsync();
    }

    /// <summary>The parent run's id.</summary>
    public string ParentRunId => _parent.RunId;

    /// <summary>Child runs written so far.</summary>
    public int ChildRuns { get; private set; }

    /// <summary>Gets or creates the experiment and starts the parent run; the tracker owns <paramref name="client"/>.</summary>
    public static StudyTracker Start(TrackingClient client, ExperimentName name, string? team, Study study, OptimizationSetup setup)
    {
        try
        {
            var experiment = client.SetExperimentAsync(name.ToString(), ResearchTags.For(name, team)).GetAwaiter().GetResult();
            var parent = client.StartRunAsync(experiment.ExperimentId, $"study:{study.Name}",
                new Dictionary<string, string> { ["quarry.source"] = "cli", ["quarry.study"] = study.Name }).GetAwaiter().GetResult();
            parent.LogParams(new Dictionary<string, string>
            {
                ["metric"] = setup.Objective.Metric, ["direction"] = study.Direction.ToString().ToLowerInvariant(),
                ["sampler"] = setup.Sampler.GetType().Name, ["pruner"] = setup.Pruner.GetType().Name,
                ["trials"] = setup.Trials.ToString(CultureInfo.InvariantCulture), ["strategy"] = setup.StrategyName,
            });
            return new StudyTracker(client, parent, study.Direction, setup.Objective.Metric);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>The optimizer's per-trial callback: queues the finished trial and returns (never throws).</summary>
    public void OnTrialFinished(Study study, FrozenTrial trial) => _finished.Writer.TryWrite(trial);

    /// <summary>
    /// Logs the finished trials the callback did not see (other workers', earlier sessions'), waits until every child
    /// run is written, logs the study's counts and best value and ends the parent run FINISHED.
    /// </summary>
    public void Complete(Study study)
    {
        var trials = study.Trials;
        foreach (var trial in trials.OrderBy(t => t.Number)) _finished.Writer.TryWrite(trial);
        _finished.Writer.TryComplete();
        _consumer.GetAwaiter().GetResult();
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _parent.LogMetric("trials_complete", trials.Count(t => t.State == TrialState.Complete), timestamp: now);
        _parent.LogMetric("trials_pruned", trials.Count(t => t.State == TrialState.Pruned), timestamp: now);
        _parent.LogMetric("trials_failed", trials.Count(t => t.State == TrialState.Fail), timestamp: now);
        if (trials.Any(t => t.State == TrialState.Complete))
            _parent.LogMetric("best_" + _metric, study.BestValue, timestamp: now);
        _parent.EndAsync(RunStatus.Finished).GetAwaiter().GetResult();
        _completed = true;
    }

    /// <summary>Ends the parent run FAILED when <see cref="Complete"/> was not reached, and closes the store.</summary>
    public void Dispose()
    {
        if (!_completed)
        {
            _finished.Writer.TryComplete();
            Note(() => _consumer.GetAwaiter().GetResult(), "could not log every trial of the study");
            if (Note(() => _parent.EndAsync(RunStatus.Failed).GetAwaiter().GetResult(), "could not mark the study run FAILED"))
                Console.Error.WriteLine($"note: tracked study run {ParentRunId} marked FAILED");
        }
        _client.Dispose();
    }

    static bool Note(Action action, string what)
    {
        try
        {
            action();
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Console.Error.WriteLine($"note: {what}: {e.Message}");
            return false;
        }
    }

    async Task ConsumeAsync()
    {
        var ending = new Queue<Task>();
        await foreach (var trial in _finished.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (!trial.IsFinished || !_logged.Add(trial.Number)) continue;
            ending.Enqueue(await LogTrialAsync(trial).ConfigureAwait(false));
            ChildRuns++;
            while (ending.Count > EndingChildrenInFlight) await ending.Dequeue().ConfigureAwait(false);
            if (trial.State == TrialState.Complete && trial.Value is { } value && double.IsFinite(value) && Improves(value))
            {
                _best = value;
                _parent.LogMetric("best_value", value, step: trial.Number);
            }
        }
        while (ending.Count > 0) await ending.Dequeue().ConfigureAwait(false);
    }

    /// <summary>Starts the trial's child run, queues its data and returns the task that ends it.</summary>
    async Task<Task> LogTrialAsync(FrozenTrial trial)
    {
        var child = await _parent.StartChildAsync($"trial-{trial.Number}", new Dictionary<string, string>
        {
            ["quarry.trial_number"] = trial.Number.ToString(CultureInfo.InvariantCulture),
            ["quarry.trial_state"] = trial.State.ToString().ToLowerInvariant(),
        }).ConfigureAwait(false);
        foreach (var name in trial.Params.Keys) child.LogParam(name, SearchSpace.Text(trial.Param(name)));
        long at = Ms(trial.Complete) ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        if (trial.UserAttributes.TryGetValue("metrics", out var json))
            foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, double>>(json)!)
                if (double.IsFinite(value)) child.LogMetric(key, value, timestamp: at);
        foreach (var (step, value) in trial.IntermediateValues)
            if (double.IsFinite(value)) child.LogMetric("intermediate_value", value, step, at);
        if (trial.Value is { } v && double.IsFinite(v)) child.LogMetric("objective", v, timestamp: at);
        return child.EndAsync(trial.State switch
        {
            TrialState.Complete => RunStatus.Finished,
            TrialState.Pruned => RunStatus.Killed,
            _ => RunStatus.Failed,
        });
    }

    bool Improves(double value) => _best is not { } best || (_direction == StudyDirection.Maximize ? value > best : value < best);

    static long? Ms(DateTime? utc) => utc is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToUnixTimeMilliseconds() : null;
}
