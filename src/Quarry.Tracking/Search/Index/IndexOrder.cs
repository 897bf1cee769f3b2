using Quarry.Tracking.Search.Internal;

namespace Quarry.Tracking.Search.Index;

/// <summary>
/// Orders candidate runs of one or more <see cref="ExperimentIndex"/>es (a candidate is <c>index number &lt;&lt; 32 |
/// row</c>) exactly as the SQL stores do (<see cref="SqlSearchCompiler"/>) and as <see cref="RunOrderComparer"/> does:
/// the order_by clauses, then start_time DESC unless listed, then run_id ASC; missing values last in both directions,
/// metric NaN after every number; strings by code point. Columns are resolved once per index, not per comparison.
/// </summary>
internal sealed class IndexOrder : IComparer<long>
{
    readonly SortKey[] _keys;

    public IndexOrder(IReadOnlyList<ExperimentIndex> indexes, IReadOnlyList<OrderClause> clauses)
    {
        var keys = new List<SortKey>();
        foreach (var c in clauses) keys.Add(Key(indexes, c));
        if (!clauses.Any(c => c.Kind == EntityKind.Attribute && c.Key == "start_time"))
            keys.Add(new TimeKey([.. indexes.Select(i => (i.StartTimes, (bool[]?)null))], Ascending: false));
        keys.Add(new RunIdKey([.. indexes.Select(i => i.RunIds)], Ascending: true));
        _keys = [.. keys];
    }

    public static long Candidate(int index, int row) => ((long)index << 32) | (uint)row;

    public static (int Index, int Row) Split(long candidate) => ((int)(candidate >> 32), (int)(candidate & 0xFFFFFFFF));

    public int Compare(long x, long y)
    {
        if (x == y) return 0;
        var (ia, ra) = Split(x);
        var (ib, rb) = Split(y);
        foreach (var key in _keys)
        {
            int r = key.Compare(ia, ra, ib, rb);
            if (r != 0) return r;
        }
        return 0;
    }

    static SortKey Key(IReadOnlyList<ExperimentIndex> indexes, OrderClause c) => c.Kind switch
    {
        EntityKind.Metric => new MetricKey([.. indexes.Select(i => i.Metrics.GetValueOrDefault(c.Key))], c.Ascending),
        EntityKind.Param => new StringKey([.. indexes.Select(i => i.Params.GetValueOrDefault(c.Key))], c.Ascending),
        EntityKind.Tag => new StringKey([.. indexes.Select(i => i.Tags.GetValueOrDefault(c.Key))], c.Ascending),
        _ => c.Key switch
        {
            "start_time" => new TimeKey([.. indexes.Select(i => (i.StartTimes, (bool[]?)null))], c.Ascending),
            "end_time" => new TimeKey([.. indexes.Select(i => (i.EndTimes, (bool[]?)i.HasEnd))], c.Ascending),
            "status" => new StringKey([.. indexes.Select(i => i.Statuses)], c.Ascending),
            "user_id" => new StringKey([.. indexes.Select(i => i.Users)], c.Ascending),
            "artifact_uri" => new StringKey([.. indexes.Select(i => i.ArtifactUris)], c.Ascending),
            "run_name" => new RunNameKey([.. indexes.Select(i => (i.Tags.GetValueOrDefault(SqlSearchCompiler.RunNameTagKey), i.Names))], c.Ascending),
            _ => new RunIdKey([.. indexes.Select(i => i.RunIds)], c.Ascending),
        },
    };

    abstract class SortKey
    {
        public abstract int Compare(int ia, int ra, int ib, int rb);

        /// <summary>Missing (null) last in both directions; otherwise code-point order, reversed for DESC.</summary>
        protected static int Strings(string? a, string? b, bool ascending)
        {
            if (a is null || b is null) return a is null ? (b is null ? 0 : 1) : -1;
            int r = SqlParity.CompareCodePoints(a, b);
            return ascending ? r : -r;
        }
    }

    sealed class MetricKey(MetricColumn?[] columns, bool ascending) : SortKey
    {
        public override int Compare(int ia, int ra, int ib, int rb)
        {
            MetricColumn? a = columns[ia], b = columns[ib];
            int sa = Rank(a is null ? MetricColumn.Missing : a.States[ra]), sb = Rank(b is null ? MetricColumn.Missing : b.States[rb]);
            if (sa != sb || sa != 0) return sa.CompareTo(sb);
            int r = a!.Values[ra].CompareTo(b!.Values[rb]);
            return ascending ? r : -r;
        }

        // A number first, then NaN, then missing.
        static int Rank(byte state) => state switch { MetricColumn.Number => 0, MetricColumn.NaN => 1, _ => 2 };
    }

    sealed class TimeKey((long[] Times, bool[]? Present)[] columns, bool Ascending) : SortKey
    {
        public override int Compare(int ia, int ra, int ib, int rb)
        {
            var (ta, pa) = columns[ia];
            var (tb, pb) = columns[ib];
            bool ha = pa is null || pa[ra], hb = pb is null || pb[rb];
            if (!ha || !hb) return ha ? -1 : hb ? 1 : 0;
            int r = ta[ra].CompareTo(tb[rb]);
            return Ascending ? r : -r;
        }
    }

    sealed class StringKey(StringColumn?[] columns, bool ascending) : SortKey
    {
        public override int Compare(int ia, int ra, int ib, int rb)
        {
            StringColumn? a = columns[ia], b = columns[ib];
            if (ReferenceEquals(a, b) && a is not null && a.Codes[ra] == a.Codes[rb]) return 0;
            return Strings(a?.ValueAt(ra), b?.ValueAt(rb), ascending);
        }
    }

    sealed class RunNameKey((StringColumn? Tag, StringColumn Name)[] columns, bool ascending) : SortKey
    {
        public override int Compare(int ia, int ra, int ib, int rb) => Strings(Name(ia, ra), Name(ib, rb), ascending);

        string? Name(int index, int row)
        {
            var (tag, name) = columns[index];
            return tag?.ValueAt(row) ?? name.ValueAt(row);
        }
    }

    sealed class RunIdKey(string[][] ids, bool Ascending) : SortKey
    {
        public override int Compare(int ia, int ra, int ib, int rb)
        {
            int r = SqlParity.CompareCodePoints(ids[ia][ra], ids[ib][rb]);
            return Ascending ? r : -r;
        }
    }
}
