using Quarry.Core;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>
/// The order_by items of experiment and registry searches: <c>[attribute.|attributes.]key [ASC|DESC]</c> (direction
/// case-insensitive, default ASC) over a fixed set of keys, each at most once.
/// </summary>
internal static class AttributeOrderBy
{
    /// <summary>
    /// The (canonical key, ascending) pairs of <paramref name="orderBy"/>, in order. <paramref name="keys"/> maps each
    /// accepted key (aliases included) to its canonical key. InvalidParameter for a malformed item, an unknown key, a
    /// direction typo or a repeated key.
    /// </summary>
    public static List<(string Key, bool Ascending)> Parse(IReadOnlyList<string>? orderBy, IReadOnlyDictionary<string, string> keys)
    {
        var result = new List<(string, bool)>();
        foreach (var item in orderBy ?? [])
        {
            var words = (item ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length is < 1 or > 2)
                throw Invalid(item, "expected '<key> [ASC|DESC]'");
            string written = StripPrefix(words[0]);
            string key = keys.GetValueOrDefault(written)
                ?? throw Invalid(item, $"invalid order_by key '{written}'; valid keys are {string.Join(", ", keys.Keys)}");
            bool ascending = words.Length == 1 || words[1].Equals("ASC", StringComparison.OrdinalIgnoreCase) ||
                (words[1].Equals("DESC", StringComparison.OrdinalIgnoreCase)
                    ? false
                    : throw Invalid(item, $"Invalid ordering key '{words[1]}'; use ASC or DESC"));
            if (result.Any(r => r.Item1 == key))
                throw new QuarryException(ErrorCode.InvalidParameter, $"`order_by` contains duplicate fields: '{key}' appears more than once");
            result.Add((key, ascending));
        }
        return result;
    }

    static string StripPrefix(string word)
    {
        foreach (var prefix in new[] { "attribute.", "attributes." })
            if (word.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return word[prefix.Length..];
        return word;
    }

    static QuarryException Invalid(string? item, string what) =>
        new(ErrorCode.InvalidParameter, $"Invalid order_by clause '{item}': {what}");
}
