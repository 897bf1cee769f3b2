using System.Collections.Concurrent;
using Quarry.Core;

namespace Quarry.Tracking.Client;

/// <summary>
/// MLflow's fluent tracking API over any <see cref="ITrackingStore"/>: set an experiment, start runs (nested through
/// <c>mlflow.parentRunId</c>) and log to them through <see cref="ActiveRun"/>, which batches writes in the background.
/// Open one per process with <see cref="Open"/> (the URI picks the store, see <see cref="TrackingStores"/>) or wrap a
/// store you own. Thread-safe. Disposing it ends the runs still open (FINISHED) and closes a store it opened.
/// </summary>
public sealed class TrackingClient : IDisposable, IAsyncDisposable
{
    readonly ConcurrentDictionary<ActiveRun, byte> _open = new();
    readonly TimeProvider _time;
    readonly bool _ownsStore;

    /// <summary>A client over <paramref name="store"/>, which the caller keeps owning.</summary>
    /// <exception cref="QuarryException">InvalidParameter for invalid <paramref name="options"/>.</exception>
    public TrackingClient(ITrackingStore store, TrackingClientOptions? options = null, TimeProvider? time = null)
        : this(store, options, time, ownsStore: false) { }

    TrackingClient(ITrackingStore store, TrackingClientOptions? options, TimeProvider? time, bool ownsStore)
    {
        ArgumentNullException.ThrowIfNull(store);
        options ??= new TrackingClientOptions();
        options.Validate();
        Store = store;
        Options = options;
        _time = time ?? TimeProvider.System;
        _ownsStore = ownsStore;
    }

    /// <summary>
    /// Opens the store <paramref name="uri"/> names (default: <c>$QUARRY_TRACKING_URI</c>, <c>$MLFLOW_TRACKING_URI</c>,
    /// <c>sqlite:.quarry/tracking.db</c>; see <see cref="TrackingStores.Open"/>) and a client that owns it.
    /// </summary>
    public static TrackingClient Open(string? uri = null, TrackingClientOptions? options = null, TimeProvider? time = null)
    {
        var store = TrackingStores.Open(uri);
        try { return new TrackingClient(store, options, time, ownsStore: true); }
        catch { (store as IDisposable)?.Dispose(); throw; }
    }

    /// <summary>The store, for reads (search, get run, metric history) and anything the fluent API does not cover.</summary>
    public ITrackingStore Store { get; }

    /// <summary>How runs buffer and write.</summary>
    public TrackingClientOptions Options { get; }

    /// <summary>The runs started by this client and not yet ended.</summary>
    public IReadOnlyCollection<ActiveRun> OpenRuns => [.. _open.Keys];

    /// <summary>
    /// The experiment named <paramref name="name"/>, created (with <paramref name="tags"/>) when there is none, as
    /// MLflow's <c>set_experiment</c>. An existing experiment's tags are left as they are.
    /// </summary>
    /// <exception cref="QuarryException">InvalidState when the experiment is deleted (restore it, or choose another name).</exception>
    public async Task<Experiment> SetExperimentAsync(string name, IReadOnlyDictionary<string, string>? tags = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var experiment = await Store.GetExperimentByNameAsync(name, cancellationToken).ConfigureAwait(false);
        if (experiment is null)
        {
            try
            {
                var id = await Store.CreateExperimentAsync(name, tags: tags, cancellationToken: cancellationToken).ConfigureAwait(false);
                return await Store.GetExperimentAsync(id, cancellationToken).ConfigureAwait(false);
            }
            catch (QuarryException e) when (e.Code == ErrorCode.AlreadyExists)
            {
                // Another process created it between our read and our insert.
                experiment = await Store.GetExperimentByNameAsync(name, cancellationToken).ConfigureAwait(false);
                if (experiment is null) throw;
            }
        }
        if (experiment.LifecycleStage != LifecycleStage.Active)
            throw new QuarryException(ErrorCode.InvalidState,
                $"Experiment '{name}' (id {experiment.ExperimentId}) is deleted (fix: `quarry experiments restore {experiment.ExperimentId}`, or use another name).");
        return experiment;
    }

    /// <summary>
    /// Starts a RUNNING run. <paramref name="experiment"/> is an experiment name (created when missing) or id;
    /// <paramref name="parentRunId"/> makes it a nested run (tag <c>mlflow.parentRunId</c>). The run is tagged
    /// <c>mlflow.user</c> with <see cref="TrackingClientOptions.UserId"/>. Dispose or end the returned run.
    /// </summary>
    /// <exception cref="QuarryException">NotFound for an unknown numeric experiment id; InvalidState for a deleted experiment; the store's errors.</exception>
    public async Task<ActiveRun> StartRunAsync(string experiment, string? runName = null, IReadOnlyDictionary<string, string>? tags = null,
        string? parentRunId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(experiment);
        var experimentId = await ResolveExperimentAsync(experiment, cancellationToken).ConfigureAwait(false);
        var user = Options.UserId ?? Environment.UserName;
        var runTags = new List<RunTag> { new("mlflow.user", user) };
        if (parentRunId is not null) runTags.Add(new RunTag("mlflow.parentRunId", parentRunId));
        foreach (var (key, value) in tags ?? new Dictionary<string, string>())
            if (key != "mlflow.parentRunId" || parentRunId is null) runTags.Add(new RunTag(key, value));
        var run = await Store.CreateRunAsync(experimentId, user, _time.GetUtcNow().ToUnixTimeMilliseconds(), runName, runTags, cancellationToken)
            .ConfigureAwait(false);
        var active = new ActiveRun(this, run.Info, parentRunId, _time);
        _open.TryAdd(active, 0);
        return active;
    }

    /// <summary>Ends every open run FINISHED (see <see cref="ActiveRun.DisposeAsync"/>) and closes a store this client opened.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var run in _open.Keys) await run.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            if (_ownsStore) (Store as IDisposable)?.Dispose();
        }
    }

    /// <summary>As <see cref="DisposeAsync"/>, blocking.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    internal void Forget(ActiveRun run) => _open.TryRemove(run, out _);

    async Task<string> ResolveExperimentAsync(string experiment, CancellationToken cancellationToken)
    {
        var byName = await Store.GetExperimentByNameAsync(experiment, cancellationToken).ConfigureAwait(false);
        if (byName is not null) return Active(byName).ExperimentId;
        if (experiment.All(char.IsAsciiDigit))
            return Active(await Store.GetExperimentAsync(experiment, cancellationToken).ConfigureAwait(false)).ExperimentId;
        return (await SetExperimentAsync(experiment, cancellationToken: cancellationToken).ConfigureAwait(false)).ExperimentId;
    }

    static Experiment Active(Experiment experiment) =>
        experiment.LifecycleStage == LifecycleStage.Active ? experiment
        : throw new QuarryException(ErrorCode.InvalidState,
            $"Experiment '{experiment.Name}' (id {experiment.ExperimentId}) is deleted (fix: `quarry experiments restore {experiment.ExperimentId}`, or use another experiment).");
}
