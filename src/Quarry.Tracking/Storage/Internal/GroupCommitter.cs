using System.Data.Common;
using Quarry.Core;
using Quarry.Storage;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>
/// Group commit: write requests that arrive while a transaction is running are combined into the next one. A request
/// that fails is rolled back alone and gets its own error (the group runs again with each request in a savepoint of
/// its own); the group commits once; every caller learns its own outcome only after that commit. A transient error
/// (busy, deadlock, serialization) rolls the whole group back and runs it again per <see cref="RetryPolicy"/>. Nobody
/// waits for a group to fill: the writer thread commits whatever waits at once, and whoever arrives meanwhile rides the
/// next commit. For an engine with one writer at a time (SQLite: the writer gate) this turns N <c>BEGIN
/// IMMEDIATE</c>/<c>COMMIT</c>s, N WAL appends of the same hot pages and N hand-overs of the gate (each a thread
/// wake-up) into one. Thread-safe.
/// </summary>
internal sealed class GroupCommitter(IConnectionFactory factory, RetryPolicy policy) : IDisposable
{
    /// <summary>The most requests one transaction carries (bounds how long one commit keeps its first caller waiting).</summary>
    public const int MaxGroup = 32;

    /// <summary>How long the writer thread waits for more work before it ends (the next write starts a new one).</summary>
    static readonly TimeSpan IdleExit = TimeSpan.FromSeconds(1);

    const string Savepoint = "quarry_write";

    // The writer thread sleeps on this monitor while nothing waits.
    readonly object _lock = new();
    readonly Queue<PendingWrite> _waiting = new();
    bool _running, _disposed;
    // The one connection every group writes on, kept open between groups (its statements stay prepared; see
    // IConnectionFactory.OpenWriter). Only the writer thread touches it, or Dispose while no thread runs.
    DbConnection? _writer;

    SqlDialect Dialect => factory.Dialect;

    /// <summary>Runs <paramref name="work"/> in the next group's transaction and returns its result once that transaction commits.</summary>
    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        if (ct.IsCancellationRequested) return Task.FromCanceled<T>(ct);
        var item = new PendingWrite<T>(work, ct);
        lock (_lock)
        {
            _waiting.Enqueue(item);
            if (_running) Monitor.Pulse(_lock);
            else
            {
                _running = true;
                // A thread of its own rather than the thread pool: the one writer is every write's bottleneck, and on
                // the pool each group waited behind the queued responses of the group before it (measured at 20
                // clients: the writer idle half the time while requests queued for it).
                new Thread(CommitWhileWaiting) { IsBackground = true, Name = "Quarry SQL writer" }.Start();
            }
        }
        return item.Task;
    }

    /// <summary>The writer thread: commits groups until nobody has waited for <see cref="IdleExit"/>. Never throws: every outcome goes to its caller.</summary>
    void CommitWhileWaiting()
    {
        while (true)
        {
            List<PendingWrite> group;
            lock (_lock)
            {
                if (_waiting.Count == 0 && !_disposed) Monitor.Wait(_lock, IdleExit);
                if (_waiting.Count == 0)
                {
                    _running = false;
                    if (_disposed) DropWriter();
                    return;
                }
                group = new List<PendingWrite>(Math.Min(_waiting.Count, MaxGroup));
                while (group.Count < MaxGroup && _waiting.TryDequeue(out var next)) group.Add(next);
            }
            try
            {
                Commit(group);
            }
            catch (Exception e)
            {
                // Commit hands every outcome to its caller itself; this only keeps an unforeseen failure from ending
                // the thread with _running still set, which would stall every later write.
                Finish(group, e);
            }
        }
    }

    void Commit(List<PendingWrite> group)
    {
        bool isolated = false;
        for (int attempt = 1; ; )
        {
            var live = group.Where(w => w.OwnError is null && !w.Token.IsCancellationRequested).ToList();
            foreach (var w in group) if (w.OwnError is null && w.Token.IsCancellationRequested) w.OwnError = new OperationCanceledException(w.Token);
            if (live.Count == 0)
            {
                Finish(group, null);
                return;
            }
            var gate = factory.WriterGate;
            gate?.Wait();
            bool opened = false, healthy = false;
            try
            {
                var connection = _writer ??= factory.OpenWriter();
                opened = true;
                using var tx = Dialect.BeginWrite(connection);
                if (!RunAll(connection, tx, live, isolated))
                {
                    // One request failed where the others' work shares the transaction: take it all back, and run the
                    // group again with each request isolated (not a new attempt: nothing was busy).
                    tx.Rollback();
                    healthy = isolated = true;
                    continue;
                }
                tx.Commit();
                healthy = true;
                Finish(group, null);
                return;
            }
            catch (Exception e) when (Dialect.IsTransient(e) || !opened && e is DbException { IsTransient: true })
            {
                foreach (var w in live) w.OwnError = null;
                if (attempt >= policy.MaxAttempts)
                {
                    Finish(group, AsyncSqlRunner.StayedBusy(factory.Location, attempt, e));
                    return;
                }
            }
            catch (Exception e)
            {
                // A rule the work enforced (NotFound, InvalidParameter…) leaves the connection as it was.
                healthy = e is QuarryException;
                Finish(group, e);
                return;
            }
            finally
            {
                // After a provider error the connection may be unusable: the next group opens a fresh one.
                if (!healthy || _writer?.State != System.Data.ConnectionState.Open) DropWriter();
                gate?.Release();
            }
            Thread.Sleep(policy.DelayAfter(attempt++));
        }
    }

    /// <summary>
    /// Runs each request's work, waited for on this thread (on SQLite it completes synchronously). A lone request's
    /// failure rolls the transaction back, as without grouping. Several run optimistically together: true when all
    /// succeeded, false at the first (non-transient) failure, for the caller to roll back and call again
    /// <paramref name="isolated"/>. Isolated, each runs in a savepoint that its own failure rolls back to, recorded as
    /// its <see cref="PendingWrite.OwnError"/>. (A savepoint per request in every group cost the writer thread about a
    /// third of a small write: each page a request touches is copied to the sub-journal first.)
    /// </summary>
    bool RunAll(DbConnection connection, DbTransaction tx, List<PendingWrite> live, bool isolated)
    {
        if (live.Count == 1)
        {
            live[0].RunAsync(connection, tx).GetAwaiter().GetResult();
            return true;
        }
        foreach (var w in live)
        {
            if (isolated) tx.Save(Savepoint);
            try
            {
                w.RunAsync(connection, tx).GetAwaiter().GetResult();
                if (isolated) tx.Release(Savepoint);
            }
            catch (Exception e) when (!Dialect.IsTransient(e))
            {
                if (!isolated) return false;
                tx.Rollback(Savepoint);
                tx.Release(Savepoint);
                w.OwnError = e;
            }
        }
        return true;
    }

    /// <summary>
    /// Completes every request of the group: its own error if it had one, else <paramref name="groupError"/> when the
    /// group failed as a whole, else success.
    /// </summary>
    static void Finish(List<PendingWrite> group, Exception? groupError)
    {
        foreach (var w in group)
        {
            if (w.OwnError is { } own) w.Fail(own);
            else if (groupError is not null) w.Fail(groupError);
            else w.Succeed();
        }
    }

    void DropWriter()
    {
        _writer?.Dispose();
        _writer = null;
    }

    /// <summary>Closes the writer connection (at once when no thread runs, else when the writer thread ends).</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            if (_running) Monitor.Pulse(_lock);
            else DropWriter();
        }
    }
}
