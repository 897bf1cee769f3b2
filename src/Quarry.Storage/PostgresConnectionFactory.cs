using System.Data.Common;
using Npgsql;

namespace Quarry.Storage;

/// <summary>PostgreSQL connections from one <see cref="NpgsqlDataSource"/> (Npgsql's pool).</summary>
sealed class PostgresConnectionFactory : IConnectionFactory
{
    readonly NpgsqlDataSource _source;

    public PostgresConnectionFactory(StoreLocation location)
    {
        Location = location;
        _source = NpgsqlDataSource.Create(location.ConnectionString);
    }

    public StoreLocation Location { get; }

    public SqlDialect Dialect => SqlDialect.PostgreSql;

    public DbConnection Open() => _source.OpenConnection();

    public void Dispose() => _source.Dispose();
}
