namespace Quarry.Optimization.Tests;

/// <summary>A clock that only moves when told to (GetUtcNow); timers and timestamps stay real.</summary>
public sealed class ManualClock : TimeProvider
{
    readonly Lock _gate = new();
    DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate) _now += by;
    }
}
