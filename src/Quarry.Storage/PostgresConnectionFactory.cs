using System.Data.Common;
using Npgsql;

namespace Quarry.Storage;

/// <summary>
/// PostgreSQL connections from one <see cref="NpgsqlDataSource"/> (Npgsql's pool). Two pool settings halve the server
/// work of the short statements the stores send (unless the location sets them): no <c>DISCARD ALL</c> when a
/// connection returns to the pool (the stores keep no session state: locks and settings are transaction-scoped), and
/// automatic preparation of the statements used most, whose plans then survive in the pooled sessions.
/// </summary>
sealed class PostgresConnectionFactory : IConnectionFactory
{
    readonly NpgsqlDataSource _source;

    public PostgresConnectionFactory(StoreLocation location)
    {
        Location = location;
        var builder = new NpgsqlConnectionStringBuilder(location.ConnectionString);
        if (!location.ConnectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase)) builder.NoResetOnClose = true;
        if (builder.MaxAutoPrepare == 0) builder.MaxAutoPrepare = 64;
        _source = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public StoreLocation Location { get; }

    public SqlDialect Dialect => SqlDialect.PostgreSql;

    public DbConnection Open() => _source.OpenConnection();

    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public SemaphoreSlim? WriterGate => null;

    public void Dispose() => _source.Dispose();
}
