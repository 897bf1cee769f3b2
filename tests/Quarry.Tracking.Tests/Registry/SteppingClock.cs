namespace Quarry.Tracking.Tests.Registry;

/// <summary>A clock that starts at a fixed instant and moves 1 ms forward each time it is read, so every write gets a later timestamp.</summary>
internal sealed class SteppingClock(DateTimeOffset start) : TimeProvider
{
    long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() =>
        new(Interlocked.Add(ref _ticks, TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}
