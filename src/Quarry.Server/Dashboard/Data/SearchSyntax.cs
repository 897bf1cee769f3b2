namespace Quarry.Server.Dashboard.Data;

/// <summary>Writes MLflow search identifiers and order_by items (spec <c>mlflow-search.md</c>) for keys the dashboard links to.</summary>
internal static class SearchSyntax
{
    /// <summary>
    /// <c>{entity}.{key}</c>, the key backticked unless it is a plain identifier (letters, digits, '_'): dots, spaces
    /// and dashes need quoting. A key containing a backtick is double-quoted instead.
    /// </summary>
    public static string Identifier(string entity, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        bool plain = key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
        if (plain) return entity + "." + key;
        return key.Contains('`', StringComparison.Ordinal) ? $"{entity}.\"{key}\"" : $"{entity}.`{key}`";
    }

    /// <summary>An order_by item, e.g. <c>metrics.sharpe DESC</c>.</summary>
    public static string Order(string entity, string key, bool descending) => Identifier(entity, key) + (descending ? " DESC" : " ASC");
}
