using System.Data.Common;
using Quarry.Core;
using Quarry.Storage;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>
/// The async counterpart of <see cref="SqlRunner"/>: each attempt gets a pooled connection (never the one of a failed
/// attempt) and a transaction of its own; transient errors (<see cref="SqlDialect.IsTransient"/>) are retried per
/// <see cref="RetryPolicy"/>. SQLite writes are group-committed (<see cref="GroupCommitter"/>) on one long-lived writer
/// connection whose statements stay prepared.
/// </summary>
internal sealed class AsyncSqlRunner(IConnectionFactory factory, RetryPolicy policy) : IDisposable
{
    public IConnectionFactory Factory { get; } = factory;
    public SqlDialect Dialect => Factory.Dialect;

    // Only where writers queue anyway (SQLite's one writer): on PostgreSQL one group on one connection would turn
    // concurrent transactions into a queue of round trips (measured: 8 → 65 ms for a 10-param log-batch at 20 clients).
    readonly GroupCommitter? _groups = factory.WriterGate is not null ? new GroupCommitter(factory, policy) : null;

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction (see <see cref="SqlDialect.BeginWrite"/>) and returns its
    /// result once committed. Where the engine has one writer at a time (SQLite) the transaction may be shared with
    /// other writes arriving meanwhile (<see cref="GroupCommitter"/>). The work may run more than once (transient errors
    /// are retried), so it must only touch the database.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct) =>
        _groups is not null ? _groups.WriteAsync(work, ct) : WriteAloneAsync(work, ct);

    async Task<T> WriteAloneAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        var gate = Factory.WriterGate;
        if (gate is not null) await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await AttemptAsync(async connection =>
            {
                await using var tx = Dialect.BeginWrite(connection);
                T result = await work(connection, tx).ConfigureAwait(false);
                await tx.CommitAsync(ct).ConfigureAwait(false);
                return result;
            }, ct).ConfigureAwait(false);
        }
        finally
        {
            gate?.Release();
        }
    }

    /// <summary>
    /// Runs a write that the server makes atomic by itself, with no BEGIN or COMMIT: a PostgreSQL batch, which runs as
    /// one implicit transaction (committed at its Sync, all rolled back if a statement fails), so the write costs one
    /// round trip instead of two. Retried on transient errors. Not for SQLite, whose writes queue for the one writer.
    /// </summary>
    public Task<T> WriteBatchAsync<T>(Func<DbConnection, Task<T>> batch, CancellationToken ct) =>
        Factory.WriterGate is null ? AttemptAsync(batch, ct) : throw new InvalidOperationException("SQLite writes go through WriteAsync.");

    public Task<T> ReadAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct) =>
        AttemptAsync(async connection =>
        {
            await using var tx = Dialect.BeginSnapshot(connection);
            T result = await work(connection, tx).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
            return result;
        }, ct);

    /// <summary>
    /// Runs a read of ONE statement without a transaction: a single statement reads one consistent snapshot by itself,
    /// and leaving out BEGIN and COMMIT saves a round trip on PostgreSQL. Retried on transient errors.
    /// </summary>
    public Task<T> QueryAsync<T>(Func<DbConnection, Task<T>> statement, CancellationToken ct) => AttemptAsync(statement, ct);

    async Task<T> AttemptAsync<T>(Func<DbConnection, Task<T>> body, CancellationToken ct)
    {
        for (int attempt = 1; ; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            bool opened = false;
            try
            {
                await using var connection = await Factory.OpenAsync(ct).ConfigureAwait(false);
                opened = true;
                try { return await body(connection).ConfigureAwait(false); }
                catch
                {
                    connection.Retire();
                    throw;
                }
            }
            catch (Exception e) when (Dialect.IsTransient(e) || !opened && e is DbException { IsTransient: true })
            {
                if (attempt >= policy.MaxAttempts) throw StayedBusy(Factory.Location, attempt, e);
                await Task.Delay(policy.DelayAfter(attempt), ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The error of work that still failed transiently after its last attempt.</summary>
    public static QuarryException StayedBusy(StoreLocation location, int attempts, Exception last) =>
        new(ErrorCode.InvalidState,
            $"{location.Display} stayed busy: the operation failed {attempts} times ({last.Message.Trim()}) " +
            "(fix: retry later, reduce the number of concurrent writers, or move from SQLite to PostgreSQL).", last);

    /// <summary>Closes the group committer's writer connection; the factory (and its pool) is the owner's to dispose.</summary>
    public void Dispose() => _groups?.Dispose();
}
