using System.Globalization;
using Quarry.Core;

namespace Quarry.Tracking.Search.Index;

/// <summary>
/// How a SQL tracking store keeps its in-memory runs search index: one columnar copy per experiment of what search
/// filters and orders on, refreshed from the runs' change stamps inside each search's read transaction, so every
/// answer is exactly what the database holds in that transaction's snapshot. Immutable.
/// </summary>
public sealed record RunSearchIndexOptions
{
    /// <summary>The defaults: enabled, built for experiments of 2,000 runs or more, at most 15 million entries.</summary>
    public static RunSearchIndexOptions Default { get; } = new();

    /// <summary>No index: every search is answered by SQL.</summary>
    public static RunSearchIndexOptions Disabled { get; } = new() { Enabled = false };

    /// <summary>Whether searches use the index at all (default true).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// The number of runs (all lifecycle stages) at which the searched experiments get an index (default 2,000; below it
    /// SQL answers in well under a millisecond). 0 indexes every searched experiment.
    /// </summary>
    public int MinRuns { get; init; } = 2000;

    /// <summary>
    /// The number of runs at which an experiment's index is built in the background while SQL answers its searches (a
    /// build reads every latest metric, param and tag: about 2.5 s for 100,000 runs), instead of inside the search that
    /// needs it (default 10,000). 0 builds every index inside a search.
    /// </summary>
    public int BackgroundBuildRuns { get; init; } = 10_000;

    /// <summary>
    /// The memory bound, in entries (a run's attributes count 6, plus one per metric, param and tag column of its
    /// experiment): past it the least recently searched experiments' indexes are dropped, and an experiment that alone
    /// exceeds it is searched by SQL. Default 15,000,000, about 420 MB (measured: 100,000 runs with 10 metrics, 5 params
    /// and 5 tags are 2.6 million entries and 78 MB of managed memory).
    /// </summary>
    public long MaxEntries { get; init; } = 15_000_000;

    /// <summary>
    /// The fraction of an experiment's runs that may have changed since its index last looked before the index is rebuilt
    /// rather than updated run by run (default 0.2; up to 64 changed runs are always read one by one).
    /// </summary>
    public double MaxDeltaFraction { get; init; } = 0.2;

    /// <summary>Checks every field; InvalidParameter naming the bad one.</summary>
    public void Validate()
    {
        if (MinRuns < 0) throw Invalid(nameof(MinRuns), MinRuns.ToString(CultureInfo.InvariantCulture), "0 or more");
        if (BackgroundBuildRuns < 0)
            throw Invalid(nameof(BackgroundBuildRuns), BackgroundBuildRuns.ToString(CultureInfo.InvariantCulture), "0 or more");
        if (MaxEntries < 1) throw Invalid(nameof(MaxEntries), MaxEntries.ToString(CultureInfo.InvariantCulture), "1 or more");
        if (!(MaxDeltaFraction is >= 0 and <= 1))
            throw Invalid(nameof(MaxDeltaFraction), MaxDeltaFraction.ToString(CultureInfo.InvariantCulture), "between 0 and 1");
    }

    static QuarryException Invalid(string field, string value, string expected) =>
        new(ErrorCode.InvalidParameter, $"RunSearchIndexOptions.{field} is {value} (fix: use {expected}).");
}
