namespace Quarry.Tracking.Search.Internal;

/// <summary>A cursor over tokens plus the identifier rule shared by filters and order_by.</summary>
internal sealed class TokenCursor(List<Token> tokens, SearchErrors errors)
{
    private int _index;

    public SearchErrors Errors => errors;

    public Token Peek => tokens[_index];

    public Token PeekAt(int offset) => tokens[Math.Min(_index + offset, tokens.Count - 1)];

    public Token Next()
    {
        var t = tokens[_index];
        if (t.Kind != TokenKind.End) _index++;
        return t;
    }

    /// <summary>identifier := [ entity "." ] key. Returns the entity token (null if absent) and the key token.</summary>
    public (Token? Entity, Token Key) ReadIdentifierSyntax()
    {
        var t = Next();
        if (t.IsName)
        {
            if (Peek.Kind != TokenKind.Dot) return (null, t);
            var dot = Next();
            var key = Next();
            if (!key.IsName)
                throw errors.InvalidClause(key.Position, $"expected a key after '{t.Raw}.' at position {dot.Position}, got {key.Describe()}");
            return (t, key);
        }
        if (t.Kind is TokenKind.Number or TokenKind.SingleQuoted)
            throw errors.At(t.Position, $"Expected 'Identifier' found {t.Describe()}: the left side of a comparison must be a key such as metrics.acc");
        throw errors.InvalidClause(t.Position, $"expected an identifier such as metrics.acc, got {t.Describe()}");
    }

    /// <summary>Resolves identifier tokens to an entity and a (canonical for attributes) key.</summary>
    public (EntityKind Kind, string Key) ResolveIdentifier(Token? entity, Token key)
    {
        if (entity is null)
        {
            if (key.IsQuotedName && key.Text.Contains('.', StringComparison.Ordinal))
                throw errors.At(key.Position,
                    $"Invalid entity type: {key.Raw} quotes the entity together with the key; quote only the key, e.g. metrics.`A`");
            return (EntityKind.Attribute, AttributeKey(key));
        }
        var kind = SearchKeys.ResolveEntity(entity.Value.Text)
            ?? throw errors.At(entity.Value.Position,
                $"Invalid entity type '{entity.Value.Text}'. Valid values are: {SearchKeys.ValidEntities}");
        return kind switch
        {
            EntityKind.Attribute => (kind, AttributeKey(key)),
            EntityKind.Dataset when !SearchKeys.IsDatasetKey(key.Text) =>
                throw errors.At(key.Position, $"Invalid dataset key '{key.Text}' specified. Valid keys are: name, digest, context"),
            _ => (kind, key.Text),
        };
    }

    private string AttributeKey(Token key) =>
        SearchKeys.CanonicalAttribute(key.Text)
        ?? throw errors.At(key.Position,
            $"Invalid attribute key '{key.Text}' specified (an identifier without an entity prefix is an attribute). Valid keys are: {SearchKeys.ValidAttributeKeys}");

    /// <summary>clause (AND clause)* to the end of input: ';' is "multiple expression", OR is unsupported, anything else an invalid clause.</summary>
    public List<Comparison> ReadConjunction(Func<Comparison> readClause)
    {
        var clauses = new List<Comparison>();
        while (true)
        {
            clauses.Add(readClause());
            var t = Next();
            if (t.Kind == TokenKind.End) return clauses;
            if (t.IsKeyword("AND")) continue;
            if (t.Kind == TokenKind.Semicolon)
                throw errors.At(t.Position, "Search filter contained multiple expression; join clauses with AND instead of ';'");
            if (t.IsKeyword("OR"))
                throw errors.InvalidClause(t.Position, "OR is not supported; only AND joins clauses");
            throw errors.InvalidClause(t.Position, $"expected AND or the end of the filter, got {t.Describe()}");
        }
    }
}
