using System.Buffers;
using System.Data.Common;
using Quarry.Storage;
using Quarry.Tracking.Storage.Internal;

namespace Quarry.Tracking.Search.Index;

/// <summary>
/// The in-memory runs search index of one SQL tracking store: an <see cref="ExperimentIndex"/> per searched experiment,
/// brought up to date inside each search's own read transaction from the runs' change stamps (one indexed query for the
/// changed runs, then their rows), so an answer is exactly what SQL would give in that snapshot, whatever other stores
/// or processes wrote. Each experiment has a lock held from before the transaction's first statement (so its snapshot
/// is never older than the index) through refresh and evaluation; reading the page's runs happens after. The least
/// recently searched experiments are dropped past <see cref="RunSearchIndexOptions.MaxEntries"/>. An experiment of
/// <see cref="RunSearchIndexOptions.BackgroundBuildRuns"/> runs or more is (re)built in the background, in a snapshot of
/// its own, while SQL answers its searches. Thread-safe.
/// </summary>
internal sealed class RunSearchIndex(RunSearchIndexOptions options, SqlDialect dialect, AsyncSqlRunner runner) : IDisposable
{
    /// <summary>Up to this many changed runs are always read one by one, however small the experiment.</summary>
    const long MinDeltaRuns = 64;

    readonly Dictionary<long, Slot> _slots = [];
    readonly CancellationTokenSource _closing = new();
    long _clock, _answered, _builds, _updates;

    /// <summary>Searches answered from the index, full builds and incremental updates so far (for tests and diagnostics).</summary>
    public (long Answered, long Builds, long Updates) Counts =>
        (Interlocked.Read(ref _answered), Interlocked.Read(ref _builds), Interlocked.Read(ref _updates));

    sealed class Slot(long experiment)
    {
        public long Experiment { get; } = experiment;
        public SemaphoreSlim Lock { get; } = new(1, 1);
        public ExperimentIndex? Index { get; set; }
        public IndexVersion? Version { get; set; }
        public IndexVersion? TooLargeAt { get; set; }
        public long LastUsed { get; set; }
        public bool Building { get; set; }
    }

    /// <summary>
    /// The runs of the requested page, in order, from the index of each experiment in <paramref name="experiments"/>
    /// (refreshed first): each built from the index, or only its id for a run with inputs or model links, which the caller
    /// reads by SQL in the same transaction; null when SQL must answer instead (too few runs, a dataset clause, a comparison SQL evaluates
    /// differently, an experiment too large for the memory bound, or a snapshot older than the index). Must be the first
    /// use of <paramref name="tx"/>.
    /// </summary>
    public async Task<List<IndexedPageRun>?> TrySearchAsync(DbConnection c, DbTransaction tx, IReadOnlyList<long> experiments, IndexedSearch search,
        CancellationToken ct)
    {
        if (!search.IndexCanAnswer) return null;
        var slots = SlotsOf(experiments);
        int locked = 0;
        try
        {
            foreach (var slot in slots)
            {
                await slot.Lock.WaitAsync(ct).ConfigureAwait(false);
                locked++;
            }
            var indexes = await RefreshAsync(c, tx, slots, ct).ConfigureAwait(false);
            var page = indexes is null ? null : Evaluate(indexes, search);
            if (page is not null) Interlocked.Increment(ref _answered);
            return page;
        }
        finally
        {
            for (int i = 0; i < locked; i++) slots[i].Lock.Release();
            Evict(slots);
        }
    }

    Slot[] SlotsOf(IReadOnlyList<long> experiments)
    {
        lock (_slots)
        {
            long now = ++_clock;
            // Locks are taken in experiment order, so two multi-experiment searches cannot deadlock.
            return [.. experiments.Distinct().Order().Select(e =>
            {
                if (!_slots.TryGetValue(e, out var slot)) _slots.Add(e, slot = new Slot(e));
                slot.LastUsed = now;
                return slot;
            })];
        }
    }

    /// <summary>The up-to-date indexes of the experiments that exist; null when SQL must answer.</summary>
    async Task<List<(ExperimentIndex Index, long Experiment)>?> RefreshAsync(DbConnection c, DbTransaction tx, Slot[] slots, CancellationToken ct)
    {
        var versions = new IndexVersion?[slots.Length];
        for (int i = 0; i < slots.Length; i++)
        {
            versions[i] = await IndexLoader.VersionAsync(c, tx, dialect, slots[i].Experiment, ct).ConfigureAwait(false);
            if (versions[i] is null) Drop(slots[i]);
            else if (slots[i].TooLargeAt is { } at && versions[i]!.From(at) is RefreshKind.None or RefreshKind.Delta) return null;
        }
        if (!await WorthIndexingAsync(c, tx, slots, versions, ct).ConfigureAwait(false)) return null;
        var indexes = new List<(ExperimentIndex, long)>(slots.Length);
        for (int i = 0; i < slots.Length; i++)
        {
            if (versions[i] is not { } version) continue;
            if (!await BringUpToDateAsync(c, tx, slots[i], version, ct).ConfigureAwait(false)) return null;
            indexes.Add((slots[i].Index!, slots[i].Experiment));
        }
        return indexes;
    }

    async Task<bool> WorthIndexingAsync(DbConnection c, DbTransaction tx, Slot[] slots, IndexVersion?[] versions, CancellationToken ct)
    {
        if (options.MinRuns == 0 || slots.Any(s => s.Index is not null)) return true;
        long runs = 0;
        for (int i = 0; i < slots.Length && runs < options.MinRuns; i++)
        {
            if (versions[i] is not null)
                runs += await IndexLoader.CountRunsAsync(c, tx, slots[i].Experiment, options.MinRuns - runs, ct).ConfigureAwait(false);
        }
        return runs >= options.MinRuns;
    }

    /// <summary>
    /// Builds the indexes of the experiments holding <see cref="RunSearchIndexOptions.BackgroundBuildRuns"/> runs or more,
    /// largest first, one after another; returns how many.
    /// </summary>
    public async Task<int> WarmLargeAsync(CancellationToken ct)
    {
        var large = await runner.QueryAsync(c => c.Sql("""
            SELECT experiment_id FROM runs GROUP BY experiment_id HAVING COUNT(*) >= @runs ORDER BY COUNT(*) DESC
            """).With("runs", (long)options.BackgroundBuildRuns).ListAsync(r => r.Long(0), ct), ct).ConfigureAwait(false);
        foreach (long experiment in large) await WarmAsync(experiment, ct).ConfigureAwait(false);
        return large.Count;
    }

    /// <summary>Brings the experiment's index up to date now, building it inside this call whatever its size.</summary>
    public async Task WarmAsync(long experiment, CancellationToken ct)
    {
        var slot = SlotsOf([experiment])[0];
        await slot.Lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await runner.ReadAsync(async (c, tx) =>
                await IndexLoader.VersionAsync(c, tx, dialect, experiment, ct).ConfigureAwait(false) is { } version
                && await BringUpToDateAsync(c, tx, slot, version, ct, inBackground: false).ConfigureAwait(false), ct).ConfigureAwait(false);
        }
        finally
        {
            slot.Lock.Release();
        }
        Evict([slot]);
    }

    async Task<bool> BringUpToDateAsync(DbConnection c, DbTransaction tx, Slot slot, IndexVersion version, CancellationToken ct,
        bool inBackground = true)
    {
        if (slot.Building) return false;
        var kind = slot.Index is null || slot.Version is null ? RefreshKind.Rebuild : version.From(slot.Version);
        if (kind == RefreshKind.Older) return false;
        if (kind == RefreshKind.Delta)
        {
            long maxRuns = Math.Max(MinDeltaRuns, (long)(slot.Index!.Count * options.MaxDeltaFraction));
            if (await IndexLoader.UpdateAsync(c, tx, slot.Index, slot.Experiment, slot.Version!.DeltaFrom, maxRuns, ct).ConfigureAwait(false))
                Interlocked.Increment(ref _updates);
            else
                kind = RefreshKind.Rebuild;
        }
        if (kind == RefreshKind.Rebuild)
        {
            Drop(slot);
            if (inBackground && options.BackgroundBuildRuns > 0 &&
                await IndexLoader.CountRunsAsync(c, tx, slot.Experiment, options.BackgroundBuildRuns, ct).ConfigureAwait(false) >= options.BackgroundBuildRuns)
            {
                StartBuild(slot);
                return false;
            }
            return Install(slot, await IndexLoader.BuildAsync(c, tx, slot.Experiment, ct).ConfigureAwait(false), version);
        }
        slot.Version = version;
        return true;
    }

    /// <summary>Holds <paramref name="index"/> (built at <paramref name="version"/>) unless it exceeds the memory bound; under the slot's lock.</summary>
    bool Install(Slot slot, ExperimentIndex index, IndexVersion version)
    {
        Interlocked.Increment(ref _builds);
        if (index.Entries > options.MaxEntries)
        {
            slot.TooLargeAt = version;
            return false;
        }
        slot.Index = index;
        slot.Version = version;
        return true;
    }

    /// <summary>
    /// Builds the slot's index in a read transaction of its own and installs it under the slot's lock; searches taking
    /// the lock afterwards start their snapshots later, so none is older than the index. A failure (the store closing,
    /// the database unreachable) leaves the slot empty for the next search to try again.
    /// </summary>
    void StartBuild(Slot slot)
    {
        slot.Building = true;
        var ct = _closing.Token;
        _ = Task.Run(async () =>
        {
            (ExperimentIndex Index, IndexVersion Version)? built = null;
            try
            {
                built = await runner.ReadAsync(async (c, tx) =>
                    await IndexLoader.VersionAsync(c, tx, dialect, slot.Experiment, ct).ConfigureAwait(false) is { } version
                        ? (await IndexLoader.BuildAsync(c, tx, slot.Experiment, ct).ConfigureAwait(false), version)
                        : ((ExperimentIndex, IndexVersion)?)null, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or DbException or Core.QuarryException)
            {
                // Nothing to hold: the next search of the experiment starts another build.
            }
            await slot.Lock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                if (built is { } b && slot.Index is null) Install(slot, b.Index, b.Version);
                slot.Building = false;
            }
            finally
            {
                slot.Lock.Release();
            }
        }, CancellationToken.None);
    }

    /// <summary>Stops background builds (the store is closing).</summary>
    public void Dispose() => _closing.Cancel();

    static void Drop(Slot slot)
    {
        slot.Index = null;
        slot.Version = null;
        slot.TooLargeAt = null;
    }

    /// <summary>Rows Offset .. Offset + Take of the ordered matches; null when SQL must answer.</summary>
    static List<IndexedPageRun>? Evaluate(List<(ExperimentIndex Index, long Experiment)> experiments, IndexedSearch search)
    {
        var indexes = experiments.ConvertAll(e => e.Index);
        var candidates = new List<long>();
        foreach (var (index, number) in indexes.Select((x, i) => (x, i)))
        {
            int[] rows = ArrayPool<int>.Shared.Rent(Math.Max(index.Count, 1));
            try
            {
                int n = IndexFilter.Init(index, search.View, rows);
                foreach (var clause in search.Filter.Clauses)
                {
                    if (n == 0) break;
                    n = IndexFilter.Apply(index, clause, rows, n);
                    if (n < 0) return null;
                }
                for (int j = 0; j < n; j++) candidates.Add(IndexOrder.Candidate(number, rows[j]));
            }
            finally
            {
                ArrayPool<int>.Shared.Return(rows);
            }
        }
        var order = new IndexOrder(indexes, search.Order);
        var top = TopK.Page(candidates, order, search.Offset, search.Take);
        var page = new List<IndexedPageRun>();
        var keys = new RunColumnKeys?[indexes.Count];
        foreach (long candidate in top)
        {
            var (number, row) = IndexOrder.Split(candidate);
            var index = indexes[number];
            page.Add(index.HasLinks[row]
                ? new IndexedPageRun(index.RunIds[row], null)
                : new IndexedPageRun(index.RunIds[row], index.RunAt(row, TrackingCodec.Id(experiments[number].Experiment), keys[number] ??= index.SortedKeys())));
        }
        return page;
    }

    /// <summary>Drops the least recently searched indexes (not in use) while the total is over the memory bound.</summary>
    void Evict(Slot[] justUsed)
    {
        Slot[] held;
        lock (_slots) held = [.. _slots.Values.Where(s => s.Index is not null).OrderBy(s => s.LastUsed)];
        long total = held.Sum(s => s.Index?.Entries ?? 0);
        foreach (var slot in held)
        {
            if (total <= options.MaxEntries) return;
            if (justUsed.Contains(slot) || !slot.Lock.Wait(0)) continue;
            try
            {
                total -= slot.Index?.Entries ?? 0;
                Drop(slot);
            }
            finally
            {
                slot.Lock.Release();
            }
        }
    }
}

/// <summary>A run of a search page: <see cref="Run"/> as the index holds it, or null when SQL must read it (it has inputs or model links).</summary>
internal readonly record struct IndexedPageRun(string RunId, Run? Run);
