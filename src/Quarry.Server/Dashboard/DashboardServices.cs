using Quarry.Server.Api;
using Quarry.Server.Dashboard.Data;
using Quarry.Server.Dashboard.Html;
using Quarry.Tracking;
using Quarry.Tracking.Artifacts;

namespace Quarry.Server.Dashboard;

/// <summary>What every dashboard page reads from: the tracking store, the aggregate queries, the assets and the clock.</summary>
/// <param name="store">The server's tracking store, resolved on first use (so building the server does not open it).</param>
/// <param name="counts">The API's aggregate queries (overview counts).</param>
/// <param name="queries">The dashboard's own aggregates.</param>
/// <param name="artifacts">The server's artifact store, resolved on first use.</param>
/// <param name="assets">The stylesheet and scripts.</param>
/// <param name="time">The clock ("last 7 days", "3 h ago").</param>
/// <param name="storeKind">"sqlite" or "postgresql", shown in the top bar.</param>
/// <param name="version">The server's version, shown in the top bar.</param>
internal sealed class DashboardServices(Func<ITrackingStore> store, RunQueries counts, DashboardQueries queries, Func<IArtifactStore> artifacts, DashboardAssets assets, TimeProvider time,
    string storeKind, string version)
{
    readonly Lazy<ITrackingStore> _store = new(store);
    readonly Lazy<IArtifactStore> _artifacts = new(artifacts);

    /// <summary>The server's tracking store.</summary>
    public ITrackingStore Store => _store.Value;

    /// <summary>The server's artifact store.</summary>
    public IArtifactStore Artifacts => _artifacts.Value;

    /// <summary>The API's aggregate queries (overview counts).</summary>
    public RunQueries Counts { get; } = counts;

    /// <summary>The dashboard's own aggregates.</summary>
    public DashboardQueries Queries { get; } = queries;

    /// <summary>The optimizer's studies (opened on first use).</summary>
    public required StudyQueries Studies { get; init; }

    /// <summary>The stylesheet and scripts.</summary>
    public DashboardAssets Assets { get; } = assets;

    /// <summary>"sqlite" or "postgresql".</summary>
    public string StoreKind { get; } = storeKind;

    /// <summary>The server's version.</summary>
    public string Version { get; } = version;

    /// <summary>The signed-in user of the request being rendered, or null on an open server (shown in the top bar with a logout button).</summary>
    public Func<string?> CurrentUser { get; init; } = static () => null;

    /// <summary>Now, in Unix milliseconds.</summary>
    public long Now => time.GetUtcNow().ToUnixTimeMilliseconds();
}
