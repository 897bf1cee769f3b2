using Quarry.Core;
using Quarry.Tracking.Search.Internal;

namespace Quarry.Tracking.Search;

/// <summary>MLflow's runs <c>order_by</c> grammar (spec §2): parsing, validation and in-memory sorting. Stateless and thread-safe.</summary>
public static class OrderBy
{
    /// <summary>
    /// Parses order_by items <c>identifier [ASC|DESC]</c> (direction case-insensitive, default ASC). Identifiers follow
    /// the filter rules; orderable attributes are run_id, run_name (and its aliases), user_id, status, start_time
    /// (alias created / Created), end_time, artifact_uri. Datasets are not orderable. Null or empty input gives an
    /// empty list (the tiebreak still applies when sorting).
    /// </summary>
    /// <exception cref="QuarryException">
    /// InvalidParameter: "Invalid order_by clause '…' at position N: …" for a malformed item (unknown entity, invalid
    /// attribute key, direction typo such as ACS → "Invalid ordering key", extra tokens, trailing whitespace); or
    /// "`order_by` contains duplicate fields" when the same field appears twice.
    /// </exception>
    public static IReadOnlyList<OrderClause> Parse(IEnumerable<string>? orderBy)
    {
        var result = new List<OrderClause>();
        if (orderBy is null) return result;
        foreach (var item in orderBy)
        {
            var clause = ParseOne(item);
            if (result.Any(c => c.Kind == clause.Kind && c.Key == clause.Key))
                throw new QuarryException(ErrorCode.InvalidParameter,
                    $"`order_by` contains duplicate fields: {SearchKeys.EntityName(clause.Kind)} '{clause.Key}' appears more than once in [{string.Join(", ", orderBy)}]");
            result.Add(clause);
        }
        return result;
    }

    /// <summary>
    /// Sorts runs by <paramref name="clauses"/> then start_time DESC (unless start_time is a clause) then run_id ASC.
    /// Missing values sort last in both directions; metric NaN sorts after every number and before missing values.
    /// Strings compare ordinally. Returns a new list; the input is not modified.
    /// </summary>
    public static IReadOnlyList<RunView> Sort(IEnumerable<RunView> runs, IReadOnlyList<OrderClause> clauses)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(clauses);
        return runs.OrderBy(r => r, new RunOrderComparer(clauses)).ToList();
    }

    private static OrderClause ParseOne(string? item)
    {
        var errors = new SearchErrors($"Invalid order_by clause '{item}'");
        if (string.IsNullOrWhiteSpace(item)) throw errors.At(0, "the clause is empty");
        if (char.IsWhiteSpace(item[^1]))
            throw errors.At(item.Length - 1, "trailing whitespace is not allowed");
        var cursor = new TokenCursor(Tokenizer.Tokenize(item, errors), errors);
        var (entity, key) = cursor.ReadIdentifierSyntax();
        var (kind, canonical) = cursor.ResolveIdentifier(entity, key);
        if (kind == EntityKind.Dataset)
            throw errors.At(0, "datasets cannot be used in order_by");
        bool ascending = true;
        var t = cursor.Next();
        if (t.Kind == TokenKind.Word)
        {
            if (t.IsKeyword("ASC")) ascending = true;
            else if (t.IsKeyword("DESC")) ascending = false;
            else throw errors.At(t.Position, $"Invalid ordering key '{t.Text}'; expected ASC or DESC");
            t = cursor.Next();
        }
        if (t.Kind != TokenKind.End)
            throw errors.At(t.Position, $"expected ASC, DESC or the end of the clause, got {t.Describe()}");
        return new OrderClause(kind, canonical, ascending);
    }
}
