using System.Data.Common;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>One caller's unit of write work waiting for (or running in) its group's transaction; see <see cref="GroupCommitter"/>.</summary>
internal abstract class PendingWrite
{
    /// <summary>The caller's token: checked before the work runs, and passed to it.</summary>
    public abstract CancellationToken Token { get; }

    /// <summary>The work's own failure in the current attempt (rolled back to its savepoint), reported when the group ends.</summary>
    public Exception? OwnError { get; set; }

    /// <summary>Runs the work in <paramref name="tx"/> and keeps its result until the group commits.</summary>
    public abstract Task RunAsync(DbConnection connection, DbTransaction tx);

    /// <summary>Hands the kept result to the caller (after the commit).</summary>
    public abstract void Succeed();

    /// <summary>Hands <paramref name="error"/> to the caller (a cancellation as a cancelled task).</summary>
    public abstract void Fail(Exception error);
}

/// <summary>A <see cref="PendingWrite"/> whose work returns a <typeparamref name="T"/>.</summary>
internal sealed class PendingWrite<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken token) : PendingWrite
{
    // Continuations run on the thread pool, never inline on the committing thread, so that one caller's response
    // does not delay the commit of the next group.
    readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    T? _result;

    public Task<T> Task => _done.Task;

    public override CancellationToken Token => token;

    public override async Task RunAsync(DbConnection connection, DbTransaction tx) =>
        _result = await work(connection, tx).ConfigureAwait(false);

    public override void Succeed() => _done.TrySetResult(_result!);

    public override void Fail(Exception error)
    {
        if (error is OperationCanceledException cancelled && token.IsCancellationRequested) _done.TrySetCanceled(cancelled.CancellationToken);
        else _done.TrySetException(error);
    }
}
