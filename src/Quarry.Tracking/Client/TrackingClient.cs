using System.Collections.Concurrent;
using Quarry.Core;
using Quarry.Tracking.Artifacts;

namespace Quarry.Tracking.Client;

/// <summary>
/// MLflow's fluent tracking API over any <see cref="ITrackingStore"/>: set an experiment, start runs (nested through
/// <c>mlflow.parentRunId</c>) and log to them through <see cref="ActiveRun"/>, which batches writes in the background.
/// Open one per process with <see cref="Open"/> (the URI picks the store, see <see cref="TrackingStores"/>) or wrap a
/// store you own. Artifacts go through an <see cref="IArtifactStore"/> (<see cref="ArtifactsOf"/>). Thread-safe.
/// Disposing it ends the runs still open (FINISHED) and closes the stores it opened.
/// </summary>
public sealed class TrackingClient : IDisposable, IAsyncDisposable
{
    readonly ConcurrentDictionary<ActiveRun, byte> _open = new();
    readonly TimeProvider _time;
    readonly bool _ownsStore;

    /// <summary>
    /// A client over <paramref name="store"/> and (for artifacts) <paramref name="artifacts"/>, both of which the caller
    /// keeps owning.
    /// </summary>
    /// <exception cref="QuarryException">InvalidParameter for invalid <paramref name="options"/>.</exception>
    public TrackingClient(ITrackingStore store, TrackingClientOptions? options = null, TimeProvider? time = null, IArtifactStore? artifacts = null)
        : this(store, artifacts, options, time, ownsStores: false) { }

    TrackingClient(ITrackingStore store, IArtifactStore? artifacts, TrackingClientOptions? options, TimeProvider? time, bool ownsStores)
    {
        ArgumentNullException.ThrowIfNull(store);
        options ??= new TrackingClientOptions();
        options.Validate();
        Store = store;
        Artifacts = artifacts;
        Options = options;
        _time = time ?? TimeProvider.System;
        _ownsStore = ownsStores;
    }

    /// <summary>
    /// Opens the store <paramref name="uri"/> names (default: <c>$QUARRY_TRACKING_URI</c>, <c>$MLFLOW_TRACKING_URI</c>,
    /// <c>sqlite:.quarry/tracking.db</c>; see <see cref="TrackingStores.Open"/>) with its artifact store
    /// (<see cref="TrackingStores.OpenArtifacts"/>, rooted at <see cref="TrackingClientOptions.ArtifactRoot"/> for an
    /// embedded store) and a client that owns both.
    /// </summary>
    public static TrackingClient Open(string? uri = null, TrackingClientOptions? options = null, TimeProvider? time = null)
    {
        uri = TrackingStores.ResolveUri(uri);
        var store = TrackingStores.Open(uri);
        IArtifactStore? artifacts = null;
        try
        {
            artifacts = TrackingStores.OpenArtifacts(uri, options?.ArtifactRoot);
            return new TrackingClient(store, artifacts, options, time, ownsStores: true);
        }
        catch
        {
            (artifacts as IDisposable)?.Dispose();
            (store as IDisposable)?.Dispose();
            throw;
        }
    }

    /// <summary>The store, for reads (search, get run, metric history) and anything the fluent API does not cover.</summary>
    public ITrackingStore Store { get; }

    /// <summary>How runs buffer and write.</summary>
    public TrackingClientOptions Options { get; }

    /// <summary>The store behind <c>mlflow-artifacts:/</c> URIs, or null when this client was given none.</summary>
    public IArtifactStore? Artifacts { get; }

    /// <summary>
    /// The artifacts of <paramref name="run"/>: under <see cref="Artifacts"/> for an <c>mlflow-artifacts:</c> URI, in
    /// the local folder itself for a <c>file:</c> URI or a path.
    /// </summary>
    /// <exception cref="QuarryException">InvalidState when the client has no artifact store for the URI (e.g. s3://).</exception>
    public RunArtifacts ArtifactsOf(RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (ProxiedArtifactUri.TryGetPath(run.ArtifactUri, out var path))
            return new RunArtifacts(Artifacts ?? throw NoArtifactStore(run), path, run.RunId);
        if (run.ArtifactUri.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            return new RunArtifacts(new LocalArtifactStore(new Uri(run.ArtifactUri).LocalPath), "", run.RunId);
        if (!run.ArtifactUri.Contains("://", StringComparison.Ordinal) && Path.IsPathFullyQualified(run.ArtifactUri))
            return new RunArtifacts(new LocalArtifactStore(run.ArtifactUri), "", run.RunId);
        throw NoArtifactStore(run);
    }

    static QuarryException NoArtifactStore(RunInfo run) => new(ErrorCode.InvalidState,
        $"Run {run.RunId}'s artifact URI '{run.ArtifactUri}' is not one this client can reach (fix: open the client with TrackingClient.Open, " +
        "or log to an experiment whose artifact location is mlflow-artifacts:/, a file: URI or a local path).");

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
            if (_ownsStore)
            {
                (Store as IDisposable)?.Dispose();
                (Artifacts as IDisposable)?.Dispose();
            }
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
