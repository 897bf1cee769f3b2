using Quarry.Core;

namespace Quarry.Tracking.Client.Internal;

/// <summary>
/// The entities logged to one run and not yet handed to its writer, behind one lock. Loggers append (waiting when
/// <c>maxPending</c> are queued); the writer takes everything queued at once (swapping two <see cref="PendingSet"/>s)
/// and reports back. The first write failure is kept and rethrown by every later call, so no logged value is lost
/// without the caller hearing of it. Thread-safe.
/// </summary>
internal sealed class RunBuffer(string runId, int maxPending, int batchSize) : IDisposable
{
    readonly object _gate = new();
    readonly Dictionary<string, string> _params = new(StringComparer.Ordinal);
    readonly SemaphoreSlim _wake = new(0);
    PendingSet _pending = new(), _spare = new();
    bool _inFlight, _wakeRequested, _closed;
    TaskCompletionSource? _drained;
    QuarryException? _failure;

    /// <summary>Released when a full batch is queued, on flush and on close; the writer waits on it.</summary>
    public SemaphoreSlim Wake => _wake;

    /// <summary>True once <see cref="Close"/> was called.</summary>
    public bool IsClosed
    {
        get { lock (_gate) return _closed; }
    }

    /// <summary>The failure that stopped the writer, or null.</summary>
    public QuarryException? Failure
    {
        get { lock (_gate) return _failure; }
    }

    /// <summary>True once the failure has been thrown to a caller.</summary>
    public bool FailureReported { get; private set; }

    public void AddMetric(in PendingMetric metric)
    {
        lock (_gate)
        {
            WaitForRoom();
            _pending.Metrics.Add(metric);
            AfterAdd();
        }
    }

    /// <summary>Queues already-validated points under one lock acquisition.</summary>
    public void AddMetrics(IEnumerable<KeyValuePair<string, double>> metrics, long timestamp, long step)
    {
        lock (_gate)
        {
            WaitForRoom();
            foreach (var (key, value) in metrics) _pending.Metrics.Add(new PendingMetric(key, value, timestamp, step));
            AfterAdd();
        }
    }

    /// <summary>Queues a param unless the same value was already logged; a different value throws at once.</summary>
    public void AddParam(string key, string value)
    {
        lock (_gate)
        {
            ThrowIfUnusable();
            if (_params.TryGetValue(key, out var old))
            {
                if (string.Equals(old, value, StringComparison.Ordinal)) return;
                throw new QuarryException(ErrorCode.InvalidParameter,
                    $"Changing param values is not allowed: param '{key}' of run {runId} was logged as '{old}', now '{value}' (fix: log it under another key).");
            }
            WaitForRoom();
            _params.Add(key, value);
            _pending.Params.Add(new PendingEntry(key, value));
            AfterAdd();
        }
    }

    public void AddTag(string key, string value)
    {
        lock (_gate)
        {
            WaitForRoom();
            _pending.Tags.Add(new PendingEntry(key, value));
            AfterAdd();
        }
    }

    /// <summary>Throws the failure (or "ended") without queuing anything.</summary>
    public void ThrowIfUnusable()
    {
        lock (_gate)
        {
            if (_failure is not null) throw Report();
            if (_closed)
                throw new QuarryException(ErrorCode.InvalidState, $"Run {runId} has ended: nothing more can be logged to it (fix: start a new run).");
        }
    }

    /// <summary>Completes when everything queued so far is written; faults with the failure if a write failed.</summary>
    public Task DrainedAsync()
    {
        lock (_gate)
        {
            if (_failure is not null) return Task.FromException(Report());
            if (_pending.Count == 0 && !_inFlight) return Task.CompletedTask;
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            RequestWake();
            return _drained.Task;
        }
    }

    /// <summary>Stops accepting entities; the writer drains what is queued and stops.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            RequestWake();
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Hands everything queued to the writer; false when nothing is (then it also completes waiting flushes).</summary>
    public bool TryTake(out PendingSet taken)
    {
        lock (_gate)
        {
            _wakeRequested = false;
            if (_pending.Count == 0 || _failure is not null)
            {
                taken = null!;
                if (_failure is null) CompleteDrained();
                return false;
            }
            taken = _pending;
            (_pending, _spare) = (_spare, _pending);
            _inFlight = true;
            Monitor.PulseAll(_gate);
            return true;
        }
    }

    /// <summary>The writer wrote <paramref name="taken"/>; its storage is reused.</summary>
    public void Written(PendingSet taken)
    {
        taken.Clear();
        lock (_gate) _inFlight = false;
    }

    /// <summary>The writer gave up: every later call throws <paramref name="failure"/>.</summary>
    public void Fail(QuarryException failure)
    {
        lock (_gate)
        {
            _failure = failure;
            _inFlight = false;
            var drained = _drained;
            _drained = null;
            drained?.TrySetException(failure);
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Entities queued and not yet handed to the writer.</summary>
    public int PendingCount
    {
        get { lock (_gate) return _pending.Count; }
    }

    void WaitForRoom()
    {
        ThrowIfUnusable();
        while (_pending.Count >= maxPending && _failure is null && !_closed)
        {
            RequestWake();
            Monitor.Wait(_gate);
        }
        ThrowIfUnusable();
    }

    void AfterAdd()
    {
        if (_pending.Count >= batchSize && !_wakeRequested) RequestWake();
    }

    void RequestWake()
    {
        if (_wakeRequested) return;
        _wakeRequested = true;
        _wake.Release();
    }

    void CompleteDrained()
    {
        if (_inFlight || _drained is null) return;
        var drained = _drained;
        _drained = null;
        drained.TrySetResult();
    }

    QuarryException Report()
    {
        FailureReported = true;
        return _failure!;
    }

    public void Dispose() => _wake.Dispose();
}
