using Quarry.Optimization.Storage;

namespace Quarry.Optimization.Internal;

/// <summary>
/// Records heartbeats for the running trials of one <see cref="Study.Optimize"/> call: one timer beats, every interval,
/// each trial its workers are running (the first beat is recorded with the trial's start, see
/// <see cref="IStudyStorage.StartTrial"/>), so no trial goes an interval without one. Each beat also stores the
/// parameters the trial has suggested since its last write, so a long trial's parameters are in the storage within one
/// interval. One timer per call, not per trial: creating and cancelling a timer around every short trial cost a worker
/// about 25 µs of CPU per trial. Thread-safe.
/// </summary>
internal sealed class Heartbeat : IDisposable
{
    static readonly TrialUpdate Beat = new() { Heartbeat = true };
    readonly Lock _gate = new();
    readonly List<Trial> _running = [];
    readonly ITimer _timer;
    bool _stopped;

    public Heartbeat(TimeSpan interval, TimeProvider clock) => _timer = clock.CreateTimer(_ => Record(), null, interval, interval);

    /// <summary>Beats for <paramref name="trial"/> until the returned scope is disposed.</summary>
    public Tracked Track(Trial trial)
    {
        lock (_gate) _running.Add(trial);
        return new Tracked(this, trial);
    }

    void Record()
    {
        Trial[] running;
        lock (_gate)
        {
            if (_stopped || _running.Count == 0) return;
            running = [.. _running];
        }
        foreach (var trial in running)
        {
            try { trial.Write(Beat); }
#pragma warning disable CA1031 // a timer callback must not throw: a missed beat only risks the trial being failed as stale (or it has just finished)
            catch (Exception) { }
#pragma warning restore CA1031
        }
    }

    public void Dispose()
    {
        lock (_gate) _stopped = true;
        _timer.Dispose();
    }

    /// <summary>A trial's membership in the beats; disposing it stops them (before the trial's tell).</summary>
    internal readonly struct Tracked(Heartbeat owner, Trial trial) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._gate) owner._running.Remove(trial);
        }
    }
}
