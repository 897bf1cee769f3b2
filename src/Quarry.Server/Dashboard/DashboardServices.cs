using Quarry.Server.Dashboard.Data;
using Quarry.Server.Dashboard.Html;
using Quarry.Tracking;

namespace Quarry.Server.Dashboard;

/// <summary>What every dashboard page reads from: the tracking store, the aggregate queries, the assets and the clock.</summary>
/// <param name="store">The server's tracking store, resolved on first use (so building the server does not open it).</param>
/// <param name="queries">Aggregates the store does not offer.</param>
/// <param name="assets">The stylesheet and scripts.</param>
/// <param name="time">The clock ("last 7 days", "3 h ago").</param>
/// <param name="storeKind">"sqlite" or "postgresql", shown in the top bar.</param>
/// <param name="version">The server's version, shown in the top bar.</param>
internal sealed class DashboardServices(Func<ITrackingStore> store, DashboardQueries queries, DashboardAssets assets, TimeProvider time,
    string storeKind, string version)
{
    readonly Lazy<ITrackingStore> _store = new(store);

    /// <summary>The server's tracking store.</summary>
    public ITrackingStore Store => _store.Value;

    /// <summary>Aggregates the store does not offer.</summary>
    public DashboardQueries Queries { get; } = queries;

    /// <summary>The stylesheet and scripts.</summary>
    public DashboardAssets Assets { get; } = assets;

    /// <summary>"sqlite" or "postgresql".</summary>
    public string StoreKind { get; } = storeKind;

    /// <summary>The server's version.</summary>
    public string Version { get; } = version;

    /// <summary>Now, in Unix milliseconds.</summary>
    public long Now => time.GetUtcNow().ToUnixTimeMilliseconds();
}
