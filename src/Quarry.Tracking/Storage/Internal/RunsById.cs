using System.Data.Common;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>Reads runs by id inside the caller's transaction, in the order asked for.</summary>
internal static class RunsById
{
    const int ChunkSize = 500;

    /// <summary>
    /// The runs of an index's search page in order: those it built as they are, the others (runs with inputs or model
    /// links) read by id.
    /// </summary>
    public static async Task<List<Run>> CompleteAsync(DbConnection c, DbTransaction tx, List<Search.Index.IndexedPageRun> page, CancellationToken ct)
    {
        var missing = page.Where(p => p.Run is null).Select(p => p.RunId).ToList();
        if (missing.Count == 0) return page.ConvertAll(p => p.Run!);
        var read = (await LoadAsync(c, tx, missing, ct).ConfigureAwait(false)).ToDictionary(r => r.Info.RunId, StringComparer.Ordinal);
        return [.. page.Select(p => p.Run ?? read.GetValueOrDefault(p.RunId)).OfType<Run>()];
    }

    /// <summary>The runs of <paramref name="ids"/> in that order (with metrics, params, tags and links); ids not found are skipped.</summary>
    public static async Task<List<Run>> LoadAsync(DbConnection c, DbTransaction tx, IReadOnlyList<string> ids, CancellationToken ct)
    {
        var byId = new Dictionary<string, Run>(ids.Count, StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(ChunkSize))
        {
            var runs = await TrackingReader.RunsQueryAsync(c, tx, "WHERE r.run_uuid IN ({0})", cmd => TrackingReader.InList(cmd, chunk), ct)
                .ConfigureAwait(false);
            foreach (var run in runs) byId[run.Info.RunId] = run;
        }
        var ordered = new List<Run>(ids.Count);
        foreach (var id in ids)
        {
            if (byId.TryGetValue(id, out var run)) ordered.Add(run);
        }
        return ordered;
    }
}
