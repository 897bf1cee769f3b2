namespace Quarry.Storage;

/// <summary>Creates the <see cref="IConnectionFactory"/> for a location.</summary>
public static class ConnectionFactory
{
    /// <summary>A factory for <paramref name="location"/> (SQLite or PostgreSQL); opens nothing yet.</summary>
    public static IConnectionFactory Create(StoreLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location.Kind == StoreKind.Sqlite ? new SqliteConnectionFactory(location) : new PostgresConnectionFactory(location);
    }

    /// <summary>Parses <paramref name="location"/> (see <see cref="StoreLocation.Parse"/>) and creates its factory.</summary>
    public static IConnectionFactory Create(string location) => Create(StoreLocation.Parse(location));
}
