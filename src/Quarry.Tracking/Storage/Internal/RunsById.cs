using System.Data.Common;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>Completes a search page of the runs search index inside the caller's transaction.</summary>
internal static class RunsById
{
    /// <summary>
    /// The runs of an index's search page in order: those it built as they are, the others (runs with inputs or model
    /// links) read by id in one query; a run no longer found is skipped.
    /// </summary>
    public static async Task<List<Run>> CompleteAsync(DbConnection c, DbTransaction tx, List<Search.Index.IndexedPageRun> page, CancellationToken ct)
    {
        string[] missing = [.. page.Where(p => p.Run is null).Select(p => p.RunId)];
        if (missing.Length == 0) return page.ConvertAll(p => p.Run!);
        var read = (await TrackingReader.RunsQueryAsync(c, tx, "WHERE r.run_uuid IN ({0})", cmd => TrackingReader.InList(cmd, missing), ct)
            .ConfigureAwait(false)).ToDictionary(r => r.Info.RunId, StringComparer.Ordinal);
        return [.. page.Select(p => p.Run ?? read.GetValueOrDefault(p.RunId)).OfType<Run>()];
    }
}
