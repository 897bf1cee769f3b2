using System.Globalization;

namespace Quarry.Tracking.Search.Internal;

/// <summary>
/// Parses the filters of experiments and the model registry (spec <c>mlflow-search.md</c> §3): clause (AND clause)*,
/// where a clause is <c>[attribute.|attributes.]key</c> or <c>tag.key</c> / <c>tags.key</c>, a comparator, and a value —
/// a number for numeric attributes, a quoted string otherwise, a parenthesised list of quoted strings after IN. What
/// is allowed comes from a <see cref="FilterVocabulary"/>. Returns <see cref="Comparison"/>s of kind Attribute (canonical
/// key) or Tag, each already validated.
/// </summary>
internal sealed class AttributeTagFilterParser
{
    private readonly FilterVocabulary _vocabulary;
    private readonly TokenCursor _c;
    private readonly SearchErrors _errors;

    private AttributeTagFilterParser(string filter, FilterVocabulary vocabulary)
    {
        _vocabulary = vocabulary;
        _errors = new SearchErrors("Invalid " + vocabulary.Subject);
        _c = new TokenCursor(Tokenizer.Tokenize(filter, _errors), _errors);
    }

    /// <summary>Parses <paramref name="filter"/>; empty for null or whitespace. InvalidParameter "Invalid {subject} at position N: …".</summary>
    public static List<Comparison> Parse(string? filter, FilterVocabulary vocabulary) =>
        string.IsNullOrWhiteSpace(filter) ? [] : new AttributeTagFilterParser(filter, vocabulary).ParseAll();

    private List<Comparison> ParseAll() => _c.ReadConjunction(ParseClause);

    private Comparison ParseClause()
    {
        var (entity, key) = _c.ReadIdentifierSyntax();
        var (kind, canonical, type, allowed) = Resolve(entity, key);
        var opToken = _c.Next();
        Comparator? op = opToken.Kind == TokenKind.Operator ? SearchKeys.ParseOperator(opToken.Text)
            : opToken.IsKeyword("LIKE") ? Comparator.Like
            : opToken.IsKeyword("ILIKE") ? Comparator.ILike
            : opToken.IsKeyword("IN") ? Comparator.In
            : null;
        if (op is not { } comparator || Array.IndexOf(allowed, comparator) < 0)
            throw _errors.At(opToken.Position,
                $"Invalid comparator {opToken.Describe()} for {SearchKeys.EntityName(kind)} '{canonical}'; use one of {string.Join(", ", allowed.Select(SearchKeys.Text))}");
        return new Comparison(kind, canonical, comparator, ReadValue(kind, canonical, type, comparator));
    }

    private (EntityKind Kind, string Key, FilterAttributeKind Type, Comparator[] Allowed) Resolve(Token? entity, Token key)
    {
        string? prefix = entity?.Text.ToLowerInvariant();
        if (prefix is "tag" or "tags") return (EntityKind.Tag, key.Text, FilterAttributeKind.String, _vocabulary.TagComparators);
        if (_vocabulary.MetricsAndParams && prefix is "metric" or "metrics")
            return (EntityKind.Metric, key.Text, FilterAttributeKind.Number, SearchKeys.NumericComparators);
        if (_vocabulary.MetricsAndParams && prefix is "param" or "params")
            return (EntityKind.Param, key.Text, FilterAttributeKind.String, _vocabulary.TagComparators);
        if (prefix is not (null or "attribute" or "attributes"))
            throw _errors.At(entity!.Value.Position, $"Invalid entity type '{entity.Value.Text}'. Valid values are: attribute, " +
                (_vocabulary.MetricsAndParams ? "metrics, params, " : "") + "tag, tags");
        var attribute = _vocabulary.Attributes.GetValueOrDefault(key.Text)
            ?? throw _errors.At(key.Position, $"Invalid attribute key '{key.Text}' specified. Valid keys are: {_vocabulary.ValidAttributeKeys}");
        return (EntityKind.Attribute, attribute.Key, attribute.Kind, attribute.Comparators);
    }

    private SearchValue ReadValue(EntityKind kind, string key, FilterAttributeKind type, Comparator op)
    {
        var value = _c.Next();
        if (op == Comparator.In)
        {
            if (value.Kind != TokenKind.LParen)
                throw _errors.At(value.Position, $"IN requires a parenthesised list of quoted strings, e.g. ('a', 'b'), got {value.Describe()}");
            var items = new List<string>();
            while (true)
            {
                items.Add(QuotedString(kind, key, _c.Next()));
                var sep = _c.Next();
                if (sep.Kind == TokenKind.RParen) return SearchValue.OfList(items);
                if (sep.Kind != TokenKind.Comma)
                    throw _errors.InvalidClause(sep.Position, $"expected ',' or ')' in the list after '{key} IN', got {sep.Describe()}");
            }
        }
        if (type == FilterAttributeKind.String) return SearchValue.OfString(QuotedString(kind, key, value));
        if (value.Kind != TokenKind.Number)
            throw _errors.At(value.Position, $"Expected a number for attribute '{key}', got {value.Describe()}");
        return SearchValue.OfNumber(value.Text, double.Parse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    private string QuotedString(EntityKind kind, string key, Token value) =>
        value.Kind is TokenKind.SingleQuoted or TokenKind.DoubleQuoted
            ? value.Text
            : throw _errors.At(value.Position, $"Expected a quoted string value for {SearchKeys.EntityName(kind)} '{key}', got {value.Describe()}");
}
