using System.Globalization;

namespace Quarry.Tracking.Search.Internal;

/// <summary>
/// The experiments filter subset (spec §3): clause (AND clause)*, where a clause is <c>name</c> with =, !=, LIKE,
/// ILIKE and a quoted string; <c>creation_time</c> / <c>last_update_time</c> with a numeric comparator and a number;
/// or <c>tag.&lt;key&gt;</c> / <c>tags.&lt;key&gt;</c> with =, !=, LIKE, ILIKE and a quoted string. Attributes may be
/// prefixed <c>attribute.</c>. Returns <see cref="Comparison"/>s of kind Attribute (canonical key) or Tag.
/// </summary>
internal sealed class ExperimentFilterParser
{
    private static readonly Comparator[] StringComparators =
        [Comparator.Equal, Comparator.NotEqual, Comparator.Like, Comparator.ILike];

    private readonly TokenCursor _c;
    private readonly SearchErrors _errors;

    private ExperimentFilterParser(string filter)
    {
        _errors = new SearchErrors("Invalid experiment filter");
        _c = new TokenCursor(Tokenizer.Tokenize(filter, _errors), _errors);
    }

    /// <summary>Parses <paramref name="filter"/>; empty for null or whitespace.</summary>
    public static List<Comparison> Parse(string? filter) =>
        string.IsNullOrWhiteSpace(filter) ? [] : new ExperimentFilterParser(filter).ParseAll();

    private List<Comparison> ParseAll()
    {
        var clauses = new List<Comparison>();
        while (true)
        {
            clauses.Add(ParseClause());
            var t = _c.Next();
            if (t.Kind == TokenKind.End) return clauses;
            if (t.IsKeyword("AND")) continue;
            if (t.IsKeyword("OR"))
                throw _errors.InvalidClause(t.Position, "OR is not supported; only AND joins clauses");
            throw _errors.InvalidClause(t.Position, $"expected AND or the end of the filter, got {t.Describe()}");
        }
    }

    private Comparison ParseClause()
    {
        var (entity, key) = _c.ReadIdentifierSyntax();
        EntityKind kind;
        string canonical;
        if (entity is { } e && e.Text.ToLowerInvariant() is "tag" or "tags")
        {
            kind = EntityKind.Tag;
            canonical = key.Text;
        }
        else if (entity is null || entity.Value.Text.Equals("attribute", StringComparison.OrdinalIgnoreCase))
        {
            kind = EntityKind.Attribute;
            canonical = key.Text is "name" or "creation_time" or "last_update_time"
                ? key.Text
                : throw _errors.At(key.Position,
                    $"Invalid attribute key '{key.Text}' specified. Valid keys are: name, creation_time, last_update_time");
        }
        else
        {
            throw _errors.At(entity.Value.Position,
                $"Invalid entity type '{entity.Value.Text}'. Valid values are: attribute, tag, tags");
        }

        var opToken = _c.Next();
        Comparator? op = opToken.Kind == TokenKind.Operator ? SearchKeys.ParseOperator(opToken.Text)
            : opToken.IsKeyword("LIKE") ? Comparator.Like
            : opToken.IsKeyword("ILIKE") ? Comparator.ILike
            : null;
        bool numeric = kind == EntityKind.Attribute && canonical != "name";
        var allowed = numeric ? SearchKeys.NumericComparators : StringComparators;
        if (op is not { } comparator || Array.IndexOf(allowed, comparator) < 0)
            throw _errors.At(opToken.Position,
                $"Invalid comparator {opToken.Describe()} for {SearchKeys.EntityName(kind)} '{canonical}'; use one of {string.Join(", ", allowed.Select(SearchKeys.Text))}");

        var value = _c.Next();
        if (numeric)
        {
            if (value.Kind != TokenKind.Number)
                throw _errors.At(value.Position, $"Expected a number (milliseconds) for attribute '{canonical}', got {value.Describe()}");
            return new Comparison(kind, canonical, comparator,
                SearchValue.OfNumber(value.Text, double.Parse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture)));
        }
        if (value.Kind is not (TokenKind.SingleQuoted or TokenKind.DoubleQuoted))
            throw _errors.At(value.Position,
                $"Expected a quoted string value for {SearchKeys.EntityName(kind)} '{canonical}', got {value.Describe()}");
        return new Comparison(kind, canonical, comparator, SearchValue.OfString(value.Text));
    }
}
