using Quarry.Core;

namespace Quarry.Tracking.Client.Internal;

/// <summary>
/// The background loop of one run: waits for a full batch, a flush or the flush interval, then writes everything
/// queued as log-batch calls within MLflow's limits (<see cref="BatchChunker"/>), in order, retrying transient failures.
/// A failure it cannot retry stops it and is kept in the <see cref="RunBuffer"/> for the caller.
/// </summary>
internal static class RunWriter
{
    public static async Task RunAsync(ITrackingStore store, string runId, RunBuffer buffer, TrackingClientOptions options)
    {
        try
        {
            while (true)
            {
                bool closed = buffer.IsClosed; // read before draining: a close during the drain gets one more pass
                while (buffer.TryTake(out var taken))
                {
                    if (!await WriteAsync(store, runId, buffer, taken, options).ConfigureAwait(false)) return;
                    buffer.Written(taken);
                }
                if (closed || buffer.Failure is not null) return;
                await buffer.Wake.WaitAsync(options.FlushInterval).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            buffer.Fail(new QuarryException(ErrorCode.InvalidState, $"Tracking run {runId}: the background writer stopped: {e.Message}", e));
        }
    }

    static async Task<bool> WriteAsync(ITrackingStore store, string runId, RunBuffer buffer, PendingSet taken, TrackingClientOptions options)
    {
        var batches = BatchChunker.Split(taken);
        for (int i = 0; i < batches.Count; i++)
        {
            var batch = batches[i];
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    await store.LogBatchAsync(runId, batch.Metrics, batch.Params, batch.Tags).ConfigureAwait(false);
                    break;
                }
                catch (Exception e) when (IsTransient(e) && attempt < options.Retry.MaxAttempts)
                {
                    await Task.Delay(options.Retry.DelayAfter(attempt)).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    int lost = batches.Skip(i).Sum(b => b.Count) + buffer.PendingCount;
                    buffer.Fail(Failure(runId, batch, lost, attempt, e));
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>
    /// Whether a failed write is worth repeating. A <see cref="QuarryException"/> is the store's verdict on the data or
    /// the run (bad value, deleted run) and repeats identically, unless it reports that the store could not be reached
    /// or stayed busy after the store's own retries (its cause is then a transport or database error): the client's
    /// retries bridge a longer outage. Argument errors and cancellation are final; anything else (a dropped connection,
    /// a timeout, an I/O error) may pass.
    /// </summary>
    public static bool IsTransient(Exception error) => error switch
    {
        QuarryException q => q.InnerException is { } cause && IsTransport(cause),
        ArgumentException or OperationCanceledException or ObjectDisposedException or NotSupportedException => false,
        _ => true,
    };

    static bool IsTransport(Exception cause) =>
        cause is System.Net.Http.HttpRequestException or IOException or TimeoutException or OperationCanceledException
            or System.Net.Sockets.SocketException or System.Data.Common.DbException;

    static QuarryException Failure(string runId, LogBatch batch, int lost, int attempts, Exception e)
    {
        var tries = attempts > 1 ? $" after {attempts} attempts" : "";
        var message = $"Tracking run {runId}: writing a batch of {batch.Metrics.Count} metric(s), {batch.Params.Count} param(s) and " +
            $"{batch.Tags.Count} tag(s) failed{tries}; {lost} logged value(s) were not written. Cause: {e.Message}";
        return new QuarryException(e is QuarryException q ? q.Code : ErrorCode.InvalidState, message, e);
    }
}
