using System.Data.Common;
using Quarry.Core;

namespace Quarry.Storage;

/// <summary>
/// Runs units of database work with bounded, jittered retries of transient errors. Each attempt gets a pooled
/// connection (never the one of a failed attempt) and (for <see cref="Write{T}"/>) a fresh transaction, so a failed
/// attempt leaves nothing behind: its transaction is rolled back, whether the error came from the database or the
/// process died. Thread-safe.
/// </summary>
public sealed class SqlRunner
{
    /// <summary>Creates a runner over <paramref name="factory"/> (not owned).</summary>
    public SqlRunner(IConnectionFactory factory, RetryPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Factory = factory;
        Policy = policy ?? RetryPolicy.Default;
        Policy.Validate();
    }

    /// <summary>The connections.</summary>
    public IConnectionFactory Factory { get; }

    /// <summary>The retry policy.</summary>
    public RetryPolicy Policy { get; }

    /// <summary>The dialect of <see cref="Factory"/>.</summary>
    public SqlDialect Dialect => Factory.Dialect;

    /// <summary>
    /// Runs <paramref name="work"/> on an open connection without an explicit transaction (each statement commits on its
    /// own: use it for reads and for single-statement writes). Retried on transient errors; <paramref name="work"/> must
    /// therefore be safe to run again.
    /// </summary>
    public T Run<T>(Func<DbConnection, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Attempt(connection => work(connection));
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction (<see cref="SqlDialect.BeginWrite"/>) and commits it; an
    /// exception rolls everything back. Retried on transient errors in a fresh transaction.
    /// </summary>
    public T Write<T>(Func<DbConnection, DbTransaction, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Attempt(connection =>
        {
            using var tx = Dialect.BeginWrite(connection);
            T result = work(connection, tx);
            tx.Commit();
            return result;
        });
    }

    /// <summary>Runs <paramref name="work"/> in a read-only snapshot transaction (<see cref="SqlDialect.BeginSnapshot"/>); retried on transient errors.</summary>
    public T Read<T>(Func<DbConnection, DbTransaction, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Attempt(connection =>
        {
            using var tx = Dialect.BeginSnapshot(connection);
            T result = work(connection, tx);
            tx.Commit();
            return result;
        });
    }

    T Attempt<T>(Func<DbConnection, T> body)
    {
        for (int attempt = 1; ; attempt++)
        {
            bool opened = false;
            try
            {
                using var connection = Factory.Open();
                opened = true;
                try { return body(connection); }
                catch
                {
                    connection.Retire();
                    throw;
                }
            }
            // Errors the database reports as rolled back (busy, deadlock, serialization) are safe to retry; a network
            // error is only retried while opening, since a write may have committed before its answer was lost.
            catch (Exception e) when (Dialect.IsTransient(e) || !opened && e is DbException { IsTransient: true })
            {
                if (attempt >= Policy.MaxAttempts)
                    throw new QuarryException(ErrorCode.InvalidState,
                        $"{Factory.Location.Display} stayed busy: the operation failed {attempt} times ({e.Message.Trim()}) " +
                        "(fix: retry later, reduce the number of concurrent writers, or move from SQLite to PostgreSQL).", e);
                Thread.Sleep(Policy.DelayAfter(attempt));
            }
        }
    }
}
