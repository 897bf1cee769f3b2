using System.Text;
using Quarry.Tracking.Storage.Internal;

namespace Quarry.Tracking.Client.Internal;

/// <summary>
/// Splits a run's pending entities into log-batch calls within MLflow's limits: at most 1,000 metrics, 100 params,
/// 100 tags and 1,000 entities per call, and well under the 1,000,000-byte request limit. Order is kept within each
/// entity type, so batches sent in sequence preserve the order of every key; a tag set twice within one call keeps
/// only its last value (what the store would keep).
/// </summary>
internal static class BatchChunker
{
    /// <summary>The byte budget per call: the server's 1,000,000-byte limit less room for JSON punctuation.</summary>
    public const int MaxBytes = 800_000;

    /// <summary>Per-entity JSON overhead counted on top of the UTF-8 bytes of its strings.</summary>
    const int EntityOverhead = 80;

    public static List<LogBatch> Split(PendingSet pending)
    {
        var batches = new List<LogBatch>();
        int m = 0, p = 0, t = 0;
        while (m < pending.Metrics.Count || p < pending.Params.Count || t < pending.Tags.Count)
        {
            var batch = new LogBatch([], [], []);
            int bytes = 0;
            while (p < pending.Params.Count && batch.Params.Count < BatchValidator.MaxParams
                   && Fits(ref bytes, Size(pending.Params[p]), batch.Count))
            {
                batch.Params.Add(new Param(pending.Params[p].Key, pending.Params[p].Value));
                p++;
            }
            while (t < pending.Tags.Count && batch.Tags.Count < BatchValidator.MaxTags && batch.Count < BatchValidator.MaxEntities
                   && Fits(ref bytes, Size(pending.Tags[t]), batch.Count))
            {
                AddTag(batch.Tags, pending.Tags[t]);
                t++;
            }
            while (m < pending.Metrics.Count && batch.Metrics.Count < BatchValidator.MaxMetrics && batch.Count < BatchValidator.MaxEntities
                   && Fits(ref bytes, EntityOverhead + Encoding.UTF8.GetByteCount(pending.Metrics[m].Key), batch.Count))
            {
                var x = pending.Metrics[m];
                batch.Metrics.Add(new Metric(x.Key, x.Value, x.Timestamp, x.Step));
                m++;
            }
            batches.Add(batch);
        }
        return batches;
    }

    static int Size(PendingEntry entry) => EntityOverhead + Encoding.UTF8.GetByteCount(entry.Key) + Encoding.UTF8.GetByteCount(entry.Value);

    // The first entity of a call always fits: a single key and value are far below the byte budget.
    static bool Fits(ref int bytes, int size, int countSoFar)
    {
        if (countSoFar > 0 && bytes + size > MaxBytes) return false;
        bytes += size;
        return true;
    }

    static void AddTag(List<RunTag> tags, PendingEntry entry)
    {
        for (int i = 0; i < tags.Count; i++)
            if (string.Equals(tags[i].Key, entry.Key, StringComparison.Ordinal))
            {
                tags[i] = new RunTag(entry.Key, entry.Value);
                return;
            }
        tags.Add(new RunTag(entry.Key, entry.Value));
    }
}
