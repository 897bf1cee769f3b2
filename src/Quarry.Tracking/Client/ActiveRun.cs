using System.Globalization;
using Quarry.Core;
using Quarry.Tracking.Client.Internal;
using Quarry.Tracking.Storage.Internal;

namespace Quarry.Tracking.Client;

/// <summary>
/// A run being logged to, from <see cref="TrackingClient.StartRunAsync"/>. Log calls check their input, queue it and
/// return at once (no I/O, no allocation per metric point in steady state); a background writer sends the queue as
/// log-batch calls within MLflow's limits, in logging order, when a batch is full or every
/// <see cref="TrackingClientOptions.FlushInterval"/>, retrying transient failures. When a write fails for good, the
/// next log call, <see cref="FlushAsync"/> or <see cref="EndAsync"/> throws it, saying how many values were not written
/// — nothing is dropped silently. <see cref="EndAsync"/> (or disposing) writes everything queued and sets the status.
/// Thread-safe: several threads may log to one run; each key keeps the order in which it was logged.
/// </summary>
public sealed class ActiveRun : IDisposable, IAsyncDisposable
{
    readonly TrackingClient _client;
    readonly RunBuffer _buffer;
    readonly Task _writer;
    readonly TimeProvider _time;
    readonly Lock _endLock = new();
    Task? _ending;

    internal ActiveRun(TrackingClient client, RunInfo info, string? parentRunId, TimeProvider time)
    {
        _client = client;
        _time = time;
        Info = info;
        ParentRunId = parentRunId;
        _buffer = new RunBuffer(info.RunId, client.Options.MaxPendingEntities, BatchValidator.MaxEntities);
        _writer = RunWriter.RunAsync(client.Store, info.RunId, _buffer, client.Options);
    }

    /// <summary>The run as created (status RUNNING); the store has the current state.</summary>
    public RunInfo Info { get; }

    /// <summary>The run id (32 lowercase hex characters).</summary>
    public string RunId => Info.RunId;

    /// <summary>The experiment the run belongs to.</summary>
    public string ExperimentId => Info.ExperimentId;

    /// <summary>The parent run (tag <c>mlflow.parentRunId</c>) of a nested run, or null.</summary>
    public string? ParentRunId { get; }

    /// <summary>True once <see cref="EndAsync"/> or a dispose has begun; logging then throws.</summary>
    public bool IsEnded => Volatile.Read(ref _ending) is not null;

    /// <summary>
    /// Queues a metric point: <paramref name="timestamp"/> in milliseconds since the Unix epoch (default: now),
    /// <paramref name="step"/> as MLflow's (default 0). NaN and ±∞ are logged as they are. Costs well under a
    /// microsecond and allocates nothing in steady state.
    /// </summary>
    /// <exception cref="QuarryException">
    /// InvalidParameter for a bad key (empty, over 250 characters, characters other than letters, digits and
    /// <c>_-. /:</c>, or not a clean relative path) or a negative timestamp; InvalidState once the run has ended; the
    /// error of a failed background write.
    /// </exception>
    public void LogMetric(string key, double value, long step = 0, long? timestamp = null)
    {
        KeyCheck.Key(key, "metric");
        long at = timestamp ?? Now;
        if (at < 0) throw NegativeTimestamp(key, at);
        _buffer.AddMetric(new PendingMetric(key, value, at, step));
    }

    /// <summary>Queues several metric points with one timestamp and step (see <see cref="LogMetric"/>).</summary>
    /// <exception cref="QuarryException">As <see cref="LogMetric"/>; nothing is queued when any key is bad.</exception>
    public void LogMetrics(IEnumerable<KeyValuePair<string, double>> metrics, long step = 0, long? timestamp = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var list = metrics as IReadOnlyCollection<KeyValuePair<string, double>> ?? [.. metrics];
        foreach (var (key, _) in list) KeyCheck.Key(key, "metric");
        long at = timestamp ?? Now;
        if (at < 0) throw NegativeTimestamp("(several)", at);
        _buffer.AddMetrics(list, at, step);
    }

    /// <summary>
    /// Queues a param. Params are write-once: logging the same value again does nothing; a different value throws at
    /// once (MLflow's rule, checked here so it cannot fail a background batch).
    /// </summary>
    /// <exception cref="QuarryException">
    /// InvalidParameter for a bad key, a value over 6,000 characters or a changed value; InvalidState once ended; the
    /// error of a failed background write.
    /// </exception>
    public void LogParam(string key, string value)
    {
        KeyCheck.Key(key, "param");
        BatchValidator.Value(value, BatchValidator.MaxParamValueLength, $"param '{key}'");
        _buffer.AddParam(key, value);
    }

    /// <summary>Queues a param whose value is formatted with the invariant culture (e.g. 0.1 → "0.1").</summary>
    public void LogParam(string key, IFormattable value)
    {
        ArgumentNullException.ThrowIfNull(value);
        LogParam(key, value.ToString(null, CultureInfo.InvariantCulture));
    }

    /// <summary>Queues several params (see <see cref="LogParam(string, string)"/>), in order.</summary>
    public void LogParams(IEnumerable<KeyValuePair<string, string>> @params)
    {
        ArgumentNullException.ThrowIfNull(@params);
        foreach (var (key, value) in @params) LogParam(key, value);
    }

    /// <summary>
    /// Queues a tag: an upsert, the last value logged wins (<c>mlflow.runName</c> renames the run).
    /// </summary>
    /// <exception cref="QuarryException">
    /// InvalidParameter for a bad key or a value over 8,000 characters; InvalidState once ended; the error of a failed
    /// background write.
    /// </exception>
    public void SetTag(string key, string value)
    {
        KeyCheck.Key(key, "tag");
        BatchValidator.Value(value, BatchValidator.MaxTagValueLength, $"tag '{key}'");
        _buffer.AddTag(key, value);
    }

    /// <summary>Queues several tags (see <see cref="SetTag"/>), in order.</summary>
    public void SetTags(IEnumerable<KeyValuePair<string, string>> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        foreach (var (key, value) in tags) SetTag(key, value);
    }

    /// <summary>This run's artifacts (see <see cref="TrackingClient.ArtifactsOf"/>).</summary>
    public RunArtifacts Artifacts => _client.ArtifactsOf(Info);

    /// <summary>
    /// Uploads a file to the run's artifacts as <c>&lt;artifactPath&gt;/&lt;file name&gt;</c>, streamed (MLflow's
    /// <c>log_artifact</c>); returns its artifact path. Not batched: it completes when the file is stored.
    /// </summary>
    /// <exception cref="QuarryException">NotFound for a missing file; InvalidParameter for a bad artifact path; InvalidState once ended.</exception>
    public Task<string> LogArtifactAsync(string localFile, string? artifactPath = null, CancellationToken cancellationToken = default)
    {
        _buffer.ThrowIfUnusable();
        return Artifacts.LogFileAsync(localFile, artifactPath, cancellationToken);
    }

    /// <summary>Uploads every file of a folder, keeping sub-folders (MLflow's <c>log_artifacts</c>); returns the file count.</summary>
    /// <exception cref="QuarryException">NotFound for a missing folder; InvalidParameter for a bad artifact path; InvalidState once ended.</exception>
    public Task<int> LogArtifactsAsync(string localFolder, string? artifactPath = null, CancellationToken cancellationToken = default)
    {
        _buffer.ThrowIfUnusable();
        return Artifacts.LogFolderAsync(localFolder, artifactPath, cancellationToken);
    }

    /// <summary>Completes when everything logged before the call is in the store.</summary>
    /// <exception cref="QuarryException">The error of a failed background write.</exception>
    public Task FlushAsync(CancellationToken cancellationToken = default) => _buffer.DrainedAsync().WaitAsync(cancellationToken);

    /// <summary>Starts a nested run in the same experiment, tagged <c>mlflow.parentRunId</c> = this run.</summary>
    public Task<ActiveRun> StartChildAsync(string? runName = null, IReadOnlyDictionary<string, string>? tags = null,
        CancellationToken cancellationToken = default) =>
        _client.StartRunAsync(ExperimentId, runName, tags, RunId, cancellationToken);

    /// <summary>
    /// Ends the run: writes everything queued, then sets <paramref name="status"/> and the end time. Idempotent (a
    /// second call returns the first one's task), except after a call cancelled before the status was written: the run
    /// is still open then, and the next call ends it. If a background write failed, the run is marked FAILED and the
    /// error is thrown.
    /// </summary>
    /// <exception cref="QuarryException">The error of a failed background write, or of the status update.</exception>
    public Task EndAsync(RunStatus status = RunStatus.Finished, CancellationToken cancellationToken = default)
    {
        lock (_endLock)
        {
            if (_ending is null || _ending.IsCanceled) Volatile.Write(ref _ending, EndCoreAsync(status, cancellationToken));
            return _ending!;
        }
    }

    /// <summary>
    /// Ends the run FINISHED unless it has ended already (call <see cref="EndAsync"/> with FAILED or KILLED on error
    /// paths). Throws a failed background write's error unless a log call has thrown it already.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        bool reported = _buffer.FailureReported;
        try
        {
            await EndAsync().ConfigureAwait(false);
        }
        catch (QuarryException e) when (reported && ReferenceEquals(e, _buffer.Failure))
        {
            // The caller has seen this failure already; the run is marked FAILED.
        }
    }

    /// <summary>As <see cref="DisposeAsync"/>, blocking until the queue is written.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    async Task EndCoreAsync(RunStatus status, CancellationToken cancellationToken)
    {
        bool stillOpen = false;
        try
        {
            _buffer.Close();
            await _writer.ConfigureAwait(false);
            if (_buffer.Failure is not null)
            {
                await MarkFailedAsync().ConfigureAwait(false);
                _buffer.ThrowIfUnusable();
            }
            await _client.Store.UpdateRunAsync(RunId, status, Now, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The status was not written: the run stays open, and known to the client (whose dispose ends it), for a
            // later EndAsync.
            stillOpen = true;
            throw;
        }
        finally
        {
            if (!stillOpen)
            {
                _client.Forget(this);
                _buffer.Dispose();
            }
        }
    }

    async Task MarkFailedAsync()
    {
        try
        {
            await _client.Store.UpdateRunAsync(RunId, RunStatus.Failed, Now).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Best effort: the write failure about to be thrown is the error that matters.
        }
    }

    long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    static QuarryException NegativeTimestamp(string key, long timestamp) =>
        new(ErrorCode.InvalidParameter, $"Metric '{key}' has a negative timestamp {timestamp} (fix: milliseconds since the Unix epoch, ≥ 0).");
}
