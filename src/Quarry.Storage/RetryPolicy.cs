using Quarry.Core;

namespace Quarry.Storage;

/// <summary>
/// How often a unit of work is run again, in a fresh transaction on a fresh pooled connection, after a transient
/// database error (see <see cref="SqlDialect.IsTransient"/>): up to <see cref="MaxAttempts"/> runs, sleeping
/// <c>min(MaxDelay, BaseDelay·2^(k−1))</c> times a random factor in [0.5, 1.5) between them.
/// </summary>
/// <param name="MaxAttempts">Runs in all, ≥ 1.</param>
/// <param name="BaseDelay">Sleep after the first failure (before jitter).</param>
/// <param name="MaxDelay">Longest sleep (before jitter).</param>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    /// <summary>8 attempts, 20 ms doubling up to 1 s (about 4 s of waiting in the worst case).</summary>
    public static RetryPolicy Default { get; } = new(8, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(1));

    /// <summary>Throws a <see cref="QuarryException"/> (InvalidParameter) naming the first bad field.</summary>
    public void Validate()
    {
        if (MaxAttempts < 1) throw new QuarryException(ErrorCode.InvalidParameter, $"RetryPolicy.MaxAttempts must be ≥ 1 (got {MaxAttempts}).");
        if (BaseDelay < TimeSpan.Zero) throw new QuarryException(ErrorCode.InvalidParameter, $"RetryPolicy.BaseDelay must be ≥ 0 (got {BaseDelay}).");
        if (MaxDelay < BaseDelay) throw new QuarryException(ErrorCode.InvalidParameter, $"RetryPolicy.MaxDelay must be ≥ BaseDelay (got {MaxDelay}).");
    }

    /// <summary>The sleep before attempt <paramref name="attempt"/> + 1 (attempt ≥ 1), jittered.</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        double ms = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30)));
        return TimeSpan.FromMilliseconds(ms * (0.5 + Random.Shared.NextDouble()));
    }
}
