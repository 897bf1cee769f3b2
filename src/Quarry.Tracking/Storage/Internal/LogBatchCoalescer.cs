namespace Quarry.Tracking.Storage.Internal;

/// <summary>Writes one validated log-batch of a run in a transaction of its own; see <see cref="LogBatchCoalescer"/>.</summary>
internal delegate Task WriteLogBatch(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> @params, IReadOnlyList<RunTag> tags,
    CancellationToken ct);

/// <summary>
/// Log-batches to one run that arrive while a write of that run is under way are merged into that run's next write:
/// one transaction, one lock of the run row, one history block and one latest-value upsert per metric key for all of
/// them. Without it, concurrent writers of one run (workers of one training job, the k6 benchmark's virtual users)
/// each pay a whole write, queued on the run's row lock (PostgreSQL) or on the one writer (SQLite). A run with no write
/// under way is written at once: nobody waits for a group to fill. When a merged write fails, each of its batches is
/// written again alone, in arrival order, so every caller gets the outcome it would have had without merging (the
/// batches' own errors, a param another batch of the group set first). Thread-safe.
/// </summary>
internal sealed class LogBatchCoalescer(WriteLogBatch write)
{
    /// <summary>The most metrics, params and tags one merged write carries (ten full batches).</summary>
    public const int MaxMergedEntities = 10 * BatchValidator.MaxEntities;

    // Runs with a write under way, each with the batches that arrived since (they make its next write).
    readonly Dictionary<string, List<Pending>> _waiting = new(StringComparer.Ordinal);

    /// <summary>Writes the batch (already validated) with whatever else arrives for the run meanwhile; completes once committed.</summary>
    public Task LogAsync(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> @params, IReadOnlyList<RunTag> tags,
        CancellationToken ct)
    {
        if (ct.IsCancellationRequested) return Task.FromCanceled(ct);
        var pending = new Pending(metrics, @params, tags, ct);
        lock (_waiting)
        {
            if (_waiting.TryGetValue(runId, out var queue))
            {
                queue.Add(pending);
                return pending.Task;
            }
            _waiting.Add(runId, []);
        }
        _ = WriteWhileWaitingAsync(runId, [pending]);
        return pending.Task;
    }

    /// <summary>Writes the run's groups until none waits. Never throws: every outcome goes to its caller.</summary>
    async Task WriteWhileWaitingAsync(string runId, List<Pending> group)
    {
        while (true)
        {
            await WriteGroupAsync(runId, group).ConfigureAwait(false);
            lock (_waiting)
            {
                var queue = _waiting[runId];
                if (queue.Count == 0)
                {
                    _waiting.Remove(runId);
                    return;
                }
                group = TakeGroup(queue);
            }
        }
    }

    static List<Pending> TakeGroup(List<Pending> queue)
    {
        int n = 0, entities = 0;
        while (n < queue.Count && (n == 0 || entities + queue[n].Count <= MaxMergedEntities)) entities += queue[n++].Count;
        var group = queue.GetRange(0, n);
        queue.RemoveRange(0, n);
        return group;
    }

    async Task WriteGroupAsync(string runId, List<Pending> group)
    {
        group.RemoveAll(p => p.CancelIfRequested());
        if (group.Count > 1)
        {
            try
            {
                // The callers' tokens are not passed: one caller giving up must not fail the others' write.
                await write(runId, [.. group.SelectMany(p => p.Metrics)], [.. group.SelectMany(p => p.Params)], [.. group.SelectMany(p => p.Tags)],
                    CancellationToken.None).ConfigureAwait(false);
                foreach (var p in group) p.Succeed();
                return;
            }
            catch (Exception)
            {
                // Rolled back: each batch is written alone below, for its own outcome.
            }
        }
        foreach (var p in group)
        {
            try
            {
                await write(runId, p.Metrics, p.Params, p.Tags, p.Token).ConfigureAwait(false);
                p.Succeed();
            }
            catch (Exception e)
            {
                p.Fail(e);
            }
        }
    }

    sealed class Pending(IReadOnlyList<Metric> metrics, IReadOnlyList<Param> @params, IReadOnlyList<RunTag> tags, CancellationToken token)
    {
        // Continuations run on the thread pool, never inline, so that one caller's response does not hold up the run's next write.
        readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<Metric> Metrics => metrics;
        public IReadOnlyList<Param> Params => @params;
        public IReadOnlyList<RunTag> Tags => tags;
        public CancellationToken Token => token;
        public int Count => metrics.Count + @params.Count + tags.Count;
        public Task Task => _done.Task;

        public bool CancelIfRequested() => token.IsCancellationRequested && _done.TrySetCanceled(token);

        public void Succeed() => _done.TrySetResult();

        public void Fail(Exception error)
        {
            if (error is OperationCanceledException && token.IsCancellationRequested) _done.TrySetCanceled(token);
            else _done.TrySetException(error);
        }
    }
}
