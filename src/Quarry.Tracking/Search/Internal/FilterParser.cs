using System.Globalization;

namespace Quarry.Tracking.Search.Internal;

/// <summary>Recursive-descent parser for filter := clause (AND clause)*; each clause is validated as soon as it is read.</summary>
internal sealed class FilterParser
{
    private readonly TokenCursor _c;
    private readonly SearchErrors _errors;

    private FilterParser(string filter)
    {
        _errors = new SearchErrors("Invalid filter");
        _c = new TokenCursor(Tokenizer.Tokenize(filter, _errors), _errors);
    }

    public static List<Comparison> Parse(string filter) => new FilterParser(filter).ParseAll();

    private List<Comparison> ParseAll() => _c.ReadConjunction(ParseClause);

    private Comparison ParseClause()
    {
        var (entity, key) = _c.ReadIdentifierSyntax();
        string ident = entity is null ? key.Raw : $"{entity.Value.Raw}.{key.Raw}";
        var (opToken, op) = ReadComparator(ident);
        var value = ReadValueSyntax(ident, opToken);
        var (kind, canonical) = _c.ResolveIdentifier(entity, key);
        var allowed = SearchKeys.AllowedComparators(kind, canonical);
        if (Array.IndexOf(allowed, op) < 0)
            throw _errors.At(opToken.Position,
                $"Invalid comparator '{SearchKeys.Text(op)}' not one of {string.Join(", ", allowed.Select(a => $"'{SearchKeys.Text(a)}'"))} for {SearchKeys.EntityName(kind)} '{canonical}'");
        return new Comparison(kind, canonical, op, ValidateValue(kind, canonical, op, value));
    }

    private (Token Token, Comparator Op) ReadComparator(string ident)
    {
        var t = _c.Next();
        if (t.Kind == TokenKind.Operator)
        {
            var op = SearchKeys.ParseOperator(t.Text)
                ?? throw _errors.At(t.Position, $"Invalid comparator '{t.Text}' after '{ident}'; use one of =, !=, >, >=, <, <=, LIKE, ILIKE, IN, NOT IN");
            return (t, op);
        }
        if (t.IsKeyword("LIKE")) return (t, Comparator.Like);
        if (t.IsKeyword("ILIKE")) return (t, Comparator.ILike);
        if (t.IsKeyword("IN")) return (t, Comparator.In);
        if (t.IsKeyword("NOT"))
        {
            if (_c.Peek.IsKeyword("IN")) { _c.Next(); return (t, Comparator.NotIn); }
            throw _errors.InvalidClause(t.Position, "NOT is only supported as NOT IN");
        }
        if (t.IsKeyword("IS"))
            throw _errors.InvalidClause(t.Position, $"IS / IS NULL is not supported (after '{ident}')");
        if (t.Kind == TokenKind.Other)
            throw _errors.At(t.Position, $"Invalid comparator '{t.Text}' after '{ident}'");
        throw _errors.InvalidClause(t.Position, $"expected a comparator after '{ident}', got {t.Describe()}");
    }

    /// <summary>Reads a single literal token, or a parenthesised list (returned with the '(' token first).</summary>
    private List<Token> ReadValueSyntax(string ident, Token op)
    {
        var t = _c.Next();
        if (t.Kind is TokenKind.Number or TokenKind.SingleQuoted or TokenKind.DoubleQuoted or TokenKind.Backticked or TokenKind.Word)
            return [t];
        if (t.Kind != TokenKind.LParen)
            throw _errors.InvalidClause(t.Position, $"expected a value after '{ident} {op.Raw}', got {t.Describe()}");
        var list = new List<Token> { t };
        while (true)
        {
            var item = _c.Next();
            if (item.Kind is not (TokenKind.SingleQuoted or TokenKind.DoubleQuoted or TokenKind.Number or TokenKind.Word or TokenKind.Backticked))
                throw _errors.InvalidClause(item.Position, $"expected a quoted string in the list after '{ident} {op.Raw}', got {item.Describe()}");
            list.Add(item);
            var sep = _c.Next();
            if (sep.Kind == TokenKind.RParen) return list;
            if (sep.Kind != TokenKind.Comma)
                throw _errors.InvalidClause(sep.Position, $"expected ',' or ')' in the list after '{ident} {op.Raw}', got {sep.Describe()}");
        }
    }

    private SearchValue ValidateValue(EntityKind kind, string key, Comparator op, List<Token> value)
    {
        var first = value[0];
        bool isList = first.Kind == TokenKind.LParen;
        bool wantsList = op is Comparator.In or Comparator.NotIn;
        if (isList != wantsList)
            throw wantsList
                ? _errors.At(first.Position, $"{SearchKeys.Text(op)} requires a parenthesised list of quoted strings, e.g. ('a', 'b'), got {first.Describe()}")
                : _errors.InvalidClause(first.Position, $"a parenthesised list is only allowed after IN / NOT IN");
        if (isList)
        {
            if (kind == EntityKind.Attribute && key != "run_id")
                throw _errors.At(first.Position, $"Only the 'run_id' attribute supports comparison with a list (got '{key}')");
            var items = new List<string>();
            foreach (var item in value.Skip(1))
            {
                string s = StringLiteral(kind, key, item);
                // Run ids are lowercase hex: MLflow silently drops list items containing uppercase letters.
                if (kind == EntityKind.Attribute && s.Any(char.IsUpper)) continue;
                items.Add(s);
            }
            return SearchValue.OfList(items);
        }
        bool numeric = kind == EntityKind.Metric || (kind == EntityKind.Attribute && SearchKeys.IsNumericAttribute(key));
        if (!numeric) return SearchValue.OfString(StringLiteral(kind, key, first));
        if (first.Kind != TokenKind.Number)
            throw _errors.At(first.Position, kind == EntityKind.Metric
                ? $"Expected numeric value type for metric '{key}', got {first.Describe()}; write an unquoted number such as 0.5"
                : $"Expected numeric value type for attribute '{key}' (milliseconds), got {first.Describe()}");
        return SearchValue.OfNumber(first.Text, double.Parse(first.Text, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    private string StringLiteral(EntityKind kind, string key, Token t)
    {
        if (t.Kind is TokenKind.SingleQuoted or TokenKind.DoubleQuoted) return t.Text;
        if (t.Kind == TokenKind.Number)
            throw _errors.At(t.Position, kind switch
            {
                EntityKind.Param => $"Expected a quoted string value for param '{key}', got {t.Raw}",
                EntityKind.Tag => $"Expected a quoted string value for tag '{key}', got {t.Raw}",
                EntityKind.Attribute => $"Expected a quoted string value for attributes ('{key}'), got {t.Raw}",
                _ => $"Expected a quoted string value for dataset '{key}', got {t.Raw}",
            });
        throw _errors.At(t.Position,
            $"value {t.Describe()} for {SearchKeys.EntityName(kind)} '{key}' is either not quoted or unidentified quote types; use 'single' or \"double\" quotes");
    }
}
