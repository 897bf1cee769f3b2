using Quarry.Core;
using Quarry.Tracking;

namespace Quarry.Cli.Tracking;

/// <summary>Runs searches that need every match (export, archive, purge) and filter-building helpers.</summary>
internal static class RunQuery
{
    const int PageSize = 1000;

    /// <summary>Every run matching, across pages, in the store's order.</summary>
    public static List<Run> All(ITrackingStore store, IReadOnlyList<string> experimentIds, string? filter, ViewType view,
        IReadOnlyList<string>? orderBy, CancellationToken ct)
    {
        var runs = new List<Run>();
        if (experimentIds.Count == 0) return runs;
        string? token = null;
        do
        {
            var page = store.SearchRunsAsync(experimentIds, filter, view, PageSize, orderBy, token, ct).GetAwaiter().GetResult();
            runs.AddRange(page.Runs);
            token = page.NextPageToken;
        }
        while (token is not null);
        return runs;
    }

    /// <summary>The non-empty parts joined with AND (MLflow's grammar has no OR, so every filter is an AND-list).</summary>
    public static string? And(params string?[] parts)
    {
        var present = parts.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        return present.Count == 0 ? null : string.Join(" AND ", present);
    }

    /// <summary>A string literal of the filter grammar (which has no escapes): single quotes, else double quotes.</summary>
    public static string Quote(string value, string option)
    {
        if (!value.Contains('\'', StringComparison.Ordinal)) return $"'{value}'";
        if (!value.Contains('"', StringComparison.Ordinal)) return $"\"{value}\"";
        throw new QuarryException(ErrorCode.InvalidParameter,
            $"Option '{option}': the value {value} has both ' and \", which a search filter cannot express (fix: search with a LIKE pattern instead).");
    }
}
