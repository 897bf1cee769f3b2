using System.Globalization;
using Quarry.Storage;

namespace Quarry.Server.Hosting;

/// <summary>
/// Probes the tracking database for <c>/healthz</c>: reachable or not, and how many experiments and runs it holds.
/// Uses its own one-connection pool so a probe never waits behind the store's writers. Thread-safe.
/// </summary>
internal sealed class StoreHealth(ServerOptions options) : IDisposable
{
    readonly Lazy<IConnectionFactory> _factory = new(() => ConnectionFactory.Create(options.Store));

    /// <summary>The store's engine name, <c>sqlite</c> or <c>postgresql</c> (<c>unknown</c> when the location does not parse).</summary>
    public string Kind
    {
        get
        {
            try { return StoreLocation.Parse(options.Store).Kind == StoreKind.Sqlite ? "sqlite" : "postgresql"; }
            catch (Quarry.Core.QuarryException) { return "unknown"; }
        }
    }

    /// <summary>The experiment and run counts, or null when the database cannot be reached.</summary>
    public async Task<(long Experiments, long Runs)?> CountAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = _factory.Value.Open();
            await using var command = connection.Sql("SELECT (SELECT COUNT(*) FROM experiments), (SELECT COUNT(*) FROM runs)");
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            if (!await reader.ReadAsync(ct).ConfigureAwait(false)) return null;
            return (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException or IOException
                                      or Quarry.Core.QuarryException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        if (_factory.IsValueCreated) _factory.Value.Dispose();
    }
}
