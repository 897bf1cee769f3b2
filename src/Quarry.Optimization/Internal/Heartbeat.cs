using Quarry.Optimization.Storage;

namespace Quarry.Optimization.Internal;

/// <summary>
/// Records a heartbeat for a running trial every interval until disposed (the first one is recorded when the trial
/// starts, see <see cref="Storage.IStudyStorage.StartTrial"/>). Each beat also stores the parameters the trial has
/// suggested since its last write, so a long trial's parameters are in the storage within one interval.
/// </summary>
internal sealed class Heartbeat : IDisposable
{
    static readonly TrialUpdate Beat = new() { Heartbeat = true };
    readonly Trial _trial;
    readonly ITimer _timer;
    volatile bool _stopped;

    public Heartbeat(Trial trial, TimeSpan interval, TimeProvider clock)
    {
        _trial = trial;
        _timer = clock.CreateTimer(_ => Record(), null, interval, interval);
    }

    void Record()
    {
        if (_stopped) return;
        try { _trial.Write(Beat); }
#pragma warning disable CA1031 // a timer callback must not throw: a missed beat only risks the trial being failed as stale
        catch (Exception) { }
#pragma warning restore CA1031
    }

    public void Dispose()
    {
        _stopped = true;
        _timer.Dispose();
    }
}
