using Quarry.Core;
using Quarry.Storage;

namespace Quarry.Tracking.Client;

/// <summary>How a <see cref="TrackingClient"/> buffers and writes. Immutable; defaults suit an interactive backtest.</summary>
public sealed record TrackingClientOptions
{
    /// <summary>
    /// The longest a logged value waits before its batch is written (default 200 ms). A run also writes as soon as a
    /// full batch (1,000 entities) is pending.
    /// </summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Pending entities per run above which a log call waits for the background writer to catch up (default
    /// 100,000, a few MB): memory stays bounded when the store is slower than the logging.
    /// </summary>
    public int MaxPendingEntities { get; init; } = 100_000;

    /// <summary>
    /// Retries of a batch whose write failed transiently (anything but a <see cref="QuarryException"/>, e.g. a lost
    /// connection): 6 attempts, 50 ms doubling up to 2 s. Batches are idempotent, so a replay is safe.
    /// </summary>
    public RetryPolicy Retry { get; init; } = new(6, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2));

    /// <summary>The user recorded on new runs (default: the operating-system user name).</summary>
    public string? UserId { get; init; }

    /// <summary>
    /// The local folder behind <c>mlflow-artifacts:/</c> URIs when <see cref="TrackingClient.Open"/> opens an embedded
    /// store (default: <see cref="TrackingStores.DefaultArtifactRoot"/>); ignored for a server, which keeps its own.
    /// </summary>
    public string? ArtifactRoot { get; init; }

    /// <summary>Throws a <see cref="QuarryException"/> (InvalidParameter) naming the first bad field.</summary>
    public void Validate()
    {
        if (FlushInterval <= TimeSpan.Zero || FlushInterval > TimeSpan.FromMinutes(10))
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"TrackingClientOptions.FlushInterval must be in (0, 10 min] (got {FlushInterval}).");
        if (MaxPendingEntities < 1000)
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"TrackingClientOptions.MaxPendingEntities must be ≥ 1000, one full batch (got {MaxPendingEntities}).");
        if (Retry is null) throw new QuarryException(ErrorCode.InvalidParameter, "TrackingClientOptions.Retry is null (fix: leave it at its default).");
        Retry.Validate();
    }
}
