namespace Quarry.Optimization.Storage;

/// <summary>
/// A tell that was sent ahead of its acknowledgement (<see cref="IStudyStorage.FinishAndStartTrialPipelined"/>): the
/// storage commits it durably on its own; <see cref="Wait"/> blocks until it has, or throws what
/// <see cref="IStudyStorage.UpdateTrial"/> would have thrown (then nothing of the tell was written). Until
/// <see cref="Wait"/> returns, the caller must not treat the trial as finished. One owner; not thread-safe.
/// </summary>
public sealed class PendingTell : IDisposable
{
    Action? _wait;

    /// <summary>A tell whose acknowledgement <paramref name="wait"/> reads (called once, by <see cref="Wait"/> or <see cref="Dispose"/>).</summary>
    public PendingTell(Action wait)
    {
        ArgumentNullException.ThrowIfNull(wait);
        _wait = wait;
    }

    PendingTell() { }

    /// <summary>A tell already acknowledged (stores that finish the tell before they return).</summary>
    public static PendingTell Acknowledged { get; } = new();

    /// <summary>Waits until the tell is durable; throws its error instead when it failed. Later calls return at once.</summary>
    public void Wait()
    {
        var wait = _wait;
        _wait = null;
        wait?.Invoke();
    }

    /// <summary>
    /// Waits for the acknowledgement when <see cref="Wait"/> was not called, and drops its error: the caller is already
    /// failing for another reason. Call <see cref="Wait"/> to see the outcome.
    /// </summary>
    public void Dispose()
    {
#pragma warning disable CA1031 // documented: an abandoned tell's error is dropped (the trial's stored state tells the truth)
        try { Wait(); }
        catch (Exception) { }
#pragma warning restore CA1031
    }
}
