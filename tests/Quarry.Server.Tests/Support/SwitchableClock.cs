namespace Quarry.Server.Tests.Support;

/// <summary>
/// A server's clock that a test can swap: it reads <see cref="Current"/> (the system clock until set), so a contract
/// that hands each store a fresh fixed clock can run against one long-lived server.
/// </summary>
public sealed class SwitchableClock : TimeProvider
{
    volatile TimeProvider _current = System;

    /// <summary>The clock read now.</summary>
    public TimeProvider Current
    {
        get => _current;
        set => _current = value ?? throw new ArgumentNullException(nameof(value));
    }

    public override DateTimeOffset GetUtcNow() => _current.GetUtcNow();
}
