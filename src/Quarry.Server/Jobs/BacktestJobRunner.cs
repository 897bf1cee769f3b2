using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Quarry.Core;

namespace Quarry.Server.Jobs;

/// <summary>
/// Runs launched backtests in the background: a queue drained by <see cref="ServerOptions.MaxConcurrentBacktests"/>
/// workers. Jobs live in memory (the newest <see cref="MaxKept"/> are kept; a restart forgets them) while their results
/// are durable as tracked runs. Stopping the server cancels queued and running jobs, which end FAILED.
/// Thread-safe.
/// </summary>
internal sealed class BacktestJobRunner : IHostedService, IDisposable
{
    /// <summary>How many jobs are remembered; older finished ones are dropped first.</summary>
    public const int MaxKept = 500;

    readonly ConcurrentDictionary<string, BacktestJob> _jobs = new(StringComparer.Ordinal);
    readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = false });
    readonly CancellationTokenSource _stopping = new();
    readonly BacktestJobExecutor _executor;
    readonly TimeProvider _time;
    readonly int _workers;
    Task[] _running = [];

    public BacktestJobRunner(BacktestJobExecutor executor, TimeProvider time, int workers)
    {
        if (workers < 1)
            throw new QuarryException(ErrorCode.InvalidParameter, $"MaxConcurrentBacktests is {workers} (fix: 1 or more).");
        _executor = executor;
        _time = time;
        _workers = workers;
    }

    /// <summary>Queues <paramref name="request"/> and returns its job (state Queued).</summary>
    public BacktestJob Submit(BacktestRequest request)
    {
        if (_stopping.IsCancellationRequested) throw new QuarryException(ErrorCode.InvalidState, "The server is stopping; no new backtests are accepted.");
        var job = new BacktestJob(Guid.NewGuid().ToString("N"), request, Now());
        _jobs[job.Id] = job;
        Trim();
        if (!_queue.Writer.TryWrite(job.Id)) Fail(job.Id, "The server is stopping.");
        return job;
    }

    /// <summary>The job's current snapshot, or null for an unknown (or forgotten) id.</summary>
    public BacktestJob? Get(string id) => _jobs.TryGetValue(id, out var job) ? job : null;

    /// <summary>The newest jobs first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<BacktestJob> Recent(int limit) =>
        [.. _jobs.Values.OrderByDescending(j => j.CreatedAt).ThenBy(j => j.Id, StringComparer.Ordinal).Take(limit)];

    /// <summary>Starts the workers.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The engine is CPU-bound and synchronous: each worker is a thread-pool loop, not a request thread.
        _running = [.. Enumerable.Range(0, _workers).Select(_ => Task.Run(WorkAsync, CancellationToken.None))];
        return Task.CompletedTask;
    }

    /// <summary>Cancels every queued and running job and waits for the workers (at most until <paramref name="cancellationToken"/>).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_running).WaitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var job in _jobs.Values)
            if (!job.IsDone) Fail(job.Id, "Cancelled: the server stopped before the job ran.");
    }

    async Task WorkAsync()
    {
        var ct = _stopping.Token;
        try
        {
            while (await _queue.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
                while (_queue.Reader.TryRead(out var id))
                    if (Get(id) is { State: BacktestJobState.Queued } job) await RunAsync(job, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The server is stopping.
        }
    }

    async Task RunAsync(BacktestJob job, CancellationToken ct)
    {
        Update(job.Id, j => j with { State = BacktestJobState.Running, StartedAt = Now() });
        try
        {
            var outcome = await _executor.RunAsync(job,
                (runId, experimentId) => Update(job.Id, j => j with { RunId = runId, ExperimentId = experimentId }), ct).ConfigureAwait(false);
            Update(job.Id, j => j with
            {
                State = BacktestJobState.Finished, FinishedAt = Now(), RunId = outcome.RunId, ExperimentId = outcome.ExperimentId, Metrics = outcome.Metrics,
            });
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Fail(job.Id, "Cancelled: the server stopped while the job ran.");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Fail(job.Id, e is QuarryException ? e.Message : $"{e.GetType().Name}: {e.Message}");
        }
    }

    void Fail(string id, string error) =>
        Update(id, j => j.IsDone ? j : j with { State = BacktestJobState.Failed, FinishedAt = Now(), Error = error });

    void Update(string id, Func<BacktestJob, BacktestJob> change)
    {
        while (_jobs.TryGetValue(id, out var current))
            if (_jobs.TryUpdate(id, change(current), current)) return;
    }

    void Trim()
    {
        int excess = _jobs.Count - MaxKept;
        if (excess <= 0) return;
        foreach (var old in _jobs.Values.Where(j => j.IsDone).OrderBy(j => j.CreatedAt).Take(excess))
            _jobs.TryRemove(old.Id, out _);
    }

    long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public void Dispose() => _stopping.Dispose();
}
