using Quarry.Tracking;

namespace Quarry.Server.Dashboard.Data;

/// <summary>Loads runs the dashboard found by id (through its own index queries) with the store's full snapshots.</summary>
internal static class RunsById
{
    /// <summary>
    /// The active runs among <paramref name="runIds"/> in <paramref name="experimentIds"/>, ordered by
    /// <paramref name="orderBy"/> (default start_time DESC): one search with <c>attributes.run_id IN (…)</c>, which the
    /// store answers through the runs' primary key. Empty input gives an empty list.
    /// </summary>
    public static async Task<IReadOnlyList<Run>> LoadAsync(ITrackingStore store, IReadOnlyList<string> experimentIds, IReadOnlyList<string> runIds,
        string? orderBy, CancellationToken ct)
    {
        if (runIds.Count == 0) return [];
        // Run ids are 32 hex characters from our own queries; anything else is dropped rather than quoted.
        var ids = runIds.Where(id => id.All(char.IsAsciiHexDigitLower)).ToList();
        if (ids.Count == 0) return [];
        string filter = $"attributes.run_id IN ({string.Join(", ", ids.Select(id => $"'{id}'"))})";
        var page = await store.SearchRunsAsync(experimentIds, filter, ViewType.ActiveOnly, ids.Count, orderBy is null ? null : [orderBy], null, ct)
            .ConfigureAwait(false);
        return page.Runs;
    }
}
