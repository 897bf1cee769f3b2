using System.Data.Common;
using Quarry.Core;
using Quarry.Storage;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>
/// The async counterpart of <see cref="SqlRunner"/>: each attempt gets a fresh pooled connection and transaction;
/// transient errors (<see cref="SqlDialect.IsTransient"/>) are retried per <see cref="RetryPolicy"/>.
/// </summary>
internal sealed class AsyncSqlRunner(IConnectionFactory factory, RetryPolicy policy)
{
    public IConnectionFactory Factory { get; } = factory;
    public SqlDialect Dialect => Factory.Dialect;

    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
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

    public Task<T> ReadAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct) =>
        AttemptAsync(async connection =>
        {
            await using var tx = Dialect.BeginSnapshot(connection);
            T result = await work(connection, tx).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
            return result;
        }, ct);

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
                return await body(connection).ConfigureAwait(false);
            }
            catch (Exception e) when (Dialect.IsTransient(e) || !opened && e is DbException { IsTransient: true })
            {
                if (attempt >= policy.MaxAttempts)
                    throw new QuarryException(ErrorCode.InvalidState,
                        $"{Factory.Location.Display} stayed busy: the operation failed {attempt} times ({e.Message.Trim()}) " +
                        "(fix: retry later, reduce the number of concurrent writers, or move from SQLite to PostgreSQL).", e);
                await Task.Delay(policy.DelayAfter(attempt), ct).ConfigureAwait(false);
            }
        }
    }
}
