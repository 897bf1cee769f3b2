using Quarry.Storage;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>What every SQL store of this project holds: the async runner over its connection factory, its clock, and whether it owns (and so disposes) the factory.</summary>
internal sealed class SqlStoreCore
{
    readonly TimeProvider _time;
    readonly bool _ownsFactory;

    /// <summary>Validates <paramref name="retry"/> (default <see cref="RetryPolicy.Default"/>) and applies <paramref name="migrations"/>.</summary>
    public SqlStoreCore(IConnectionFactory factory, RetryPolicy? retry, TimeProvider? time, bool ownsFactory, MigrationSet migrations)
    {
        ArgumentNullException.ThrowIfNull(factory);
        retry ??= RetryPolicy.Default;
        retry.Validate();
        Runner = new AsyncSqlRunner(factory, retry);
        Retry = retry;
        _time = time ?? TimeProvider.System;
        _ownsFactory = ownsFactory;
        new Migrator(factory, retry).Apply(migrations);
    }

    public AsyncSqlRunner Runner { get; }

    public RetryPolicy Retry { get; }

    /// <summary>Milliseconds since the Unix epoch on the store's clock.</summary>
    public long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Creates a store over a factory for <paramref name="location"/> that the store owns; the factory is closed if creating fails.</summary>
    public static T Open<T>(string location, Func<IConnectionFactory, T> create)
    {
        var factory = ConnectionFactory.Create(location);
        try { return create(factory); }
        catch { factory.Dispose(); throw; }
    }

    public void Dispose()
    {
        Runner.Dispose();
        if (_ownsFactory) Runner.Factory.Dispose();
    }
}
