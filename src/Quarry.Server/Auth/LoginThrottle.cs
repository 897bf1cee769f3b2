namespace Quarry.Server.Auth;

/// <summary>
/// Slows password guessing: a client (by address) with <see cref="MaxFailures"/> failed sign-ins within
/// <see cref="Window"/> is refused until the oldest of them leaves the window. Thread-safe (one lock; the table holds
/// only clients that failed recently and is pruned as it is used).
/// </summary>
internal sealed class LoginThrottle(TimeProvider time)
{
    /// <summary>Failures allowed per client within <see cref="Window"/>.</summary>
    public const int MaxFailures = 10;

    /// <summary>The window failures are counted in.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    readonly Dictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="client"/> may try to sign in now.</summary>
    public bool Allows(string client)
    {
        lock (_failures) return Recent(client) < MaxFailures;
    }

    /// <summary>Records a failed sign-in by <paramref name="client"/>.</summary>
    public void Fail(string client)
    {
        lock (_failures)
        {
            Recent(client);
            if (!_failures.TryGetValue(client, out var times)) _failures[client] = times = new Queue<DateTimeOffset>();
            times.Enqueue(time.GetUtcNow());
        }
    }

    /// <summary>Forgets <paramref name="client"/>'s failures (after a successful sign-in).</summary>
    public void Succeed(string client)
    {
        lock (_failures) _failures.Remove(client);
    }

    int Recent(string client)
    {
        if (!_failures.TryGetValue(client, out var times)) return 0;
        var since = time.GetUtcNow() - Window;
        while (times.Count > 0 && times.Peek() <= since) times.Dequeue();
        if (times.Count == 0) _failures.Remove(client);
        return times.Count;
    }
}
