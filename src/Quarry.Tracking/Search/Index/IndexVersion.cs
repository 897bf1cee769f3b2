using System.Globalization;

namespace Quarry.Tracking.Search.Index;

/// <summary>What a refresh must do to bring an index to a transaction's snapshot.</summary>
internal enum RefreshKind
{
    /// <summary>The index already holds exactly what the snapshot sees.</summary>
    None,
    /// <summary>Re-read the runs stamped at or after <see cref="IndexVersion.DeltaFrom"/>.</summary>
    Delta,
    /// <summary>Re-read the whole experiment (a hard delete happened since).</summary>
    Rebuild,
    /// <summary>The snapshot is older than the index (another search refreshed it meanwhile): SQL answers.</summary>
    Older,
}

/// <summary>
/// The state of an experiment's runs as one snapshot sees it: the experiment's change generation and, on SQLite, its
/// highest change stamp (stamps grow in commit order), or on PostgreSQL the snapshot itself (<c>xmin:xmax:xip,…</c>),
/// since there stamps are transaction ids and commit order differs from id order. Immutable.
/// </summary>
internal sealed record IndexVersion(long Generation, long MaxStamp, PgSnapshot? Snapshot)
{
    /// <summary>The lowest stamp a change committed after this version can carry.</summary>
    public long DeltaFrom => Snapshot is { } s ? s.Xmin : MaxStamp + 1;

    /// <summary>What to do to an index at version <paramref name="held"/> so that it shows this version.</summary>
    public RefreshKind From(IndexVersion held)
    {
        if (Snapshot is { } ours && held.Snapshot is { } theirs)
        {
            if (ours == theirs) return Generation == held.Generation ? RefreshKind.None : RefreshKind.Rebuild;
            if (!ours.Includes(theirs)) return RefreshKind.Older;
            return Generation != held.Generation ? RefreshKind.Rebuild : RefreshKind.Delta;
        }
        if (Generation != held.Generation) return Generation > held.Generation ? RefreshKind.Rebuild : RefreshKind.Older;
        return MaxStamp == held.MaxStamp ? RefreshKind.None : MaxStamp > held.MaxStamp ? RefreshKind.Delta : RefreshKind.Older;
    }
}

/// <summary>A PostgreSQL snapshot as <c>pg_current_snapshot()</c> writes it: <c>xmin:xmax:xip1,xip2,…</c>. Immutable.</summary>
internal sealed record PgSnapshot(long Xmin, long Xmax, long[] InProgress)
{
    public static PgSnapshot Parse(string text)
    {
        var parts = text.Split(':');
        long[] xip = parts[2].Length == 0 ? [] : [.. parts[2].Split(',').Select(x => long.Parse(x, CultureInfo.InvariantCulture))];
        return new PgSnapshot(long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture), xip);
    }

    /// <summary>
    /// Whether every transaction <paramref name="older"/> sees as committed this snapshot sees too (so this snapshot was
    /// taken at the same time or later): its xmax is not lower, and every transaction it sees in progress below the
    /// other's xmax was in progress for the other as well.
    /// </summary>
    public bool Includes(PgSnapshot older)
    {
        if (Xmax < older.Xmax) return false;
        foreach (long x in InProgress)
        {
            if (x < older.Xmax && Array.IndexOf(older.InProgress, x) < 0) return false;
        }
        return true;
    }

    public bool Equals(PgSnapshot? other) =>
        other is not null && Xmin == other.Xmin && Xmax == other.Xmax && InProgress.AsSpan().SequenceEqual(other.InProgress);

    public override int GetHashCode() => HashCode.Combine(Xmin, Xmax, InProgress.Length);
}
