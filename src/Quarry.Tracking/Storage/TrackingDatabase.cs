using Quarry.Storage;

namespace Quarry.Tracking.Storage;

/// <summary>
/// One tracking database opened once: the tracking store, the logged models and the model registry over a single connection pool, both
/// schemas brought up to date. What the server and the CLI open. Thread-safe; dispose it to close the pool.
/// </summary>
public sealed class TrackingDatabase : IDisposable
{
    readonly IConnectionFactory _factory;

    TrackingDatabase(IConnectionFactory factory, RetryPolicy? retry, TimeProvider? time)
    {
        _factory = factory;
        Tracking = new SqlTrackingStore(factory, retry, time);
        Registry = new SqlModelRegistryStore(factory, retry, time);
        LoggedModels = new SqlLoggedModelStore(factory, retry, time);
    }

    /// <summary>
    /// Opens the database at <paramref name="location"/> (<c>sqlite:PATH</c>, <c>*.db</c>, <c>postgresql://…</c>; see
    /// <see cref="StoreLocation.Parse"/>), creating the tracking and registry schemas when needed.
    /// </summary>
    public static TrackingDatabase Open(string location, RetryPolicy? retry = null, TimeProvider? time = null) =>
        Internal.SqlStoreCore.Open(location, factory => new TrackingDatabase(factory, retry, time));

    /// <summary>Where the data lives.</summary>
    public StoreLocation Location => _factory.Location;

    /// <summary>The experiments and runs.</summary>
    public SqlTrackingStore Tracking { get; }

    /// <summary>The model registry.</summary>
    public SqlModelRegistryStore Registry { get; }

    /// <summary>MLflow 3's logged models and the runs' model inputs and outputs.</summary>
    public SqlLoggedModelStore LoggedModels { get; }

    /// <summary>Closes the connection pool shared by <see cref="Tracking"/> and <see cref="Registry"/>.</summary>
    public void Dispose() => _factory.Dispose();
}
