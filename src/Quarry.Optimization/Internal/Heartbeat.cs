namespace Quarry.Optimization.Internal;

/// <summary>Records a heartbeat for a running trial now and then every interval until disposed.</summary>
internal sealed class Heartbeat : IDisposable
{
    readonly Study _study;
    readonly long _trialId;
    readonly ITimer _timer;
    volatile bool _stopped;

    public Heartbeat(Study study, long trialId, TimeSpan interval, TimeProvider clock)
    {
        _study = study;
        _trialId = trialId;
        study.Storage.RecordHeartbeat(trialId);
        _timer = clock.CreateTimer(_ => Beat(), null, interval, interval);
    }

    void Beat()
    {
        if (_stopped) return;
        try { _study.Storage.RecordHeartbeat(_trialId); }
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
