using Quarry.Core;

namespace Quarry.Tracking.Search.Internal;

/// <summary>Builds the InvalidParameter errors of the search grammar: "{prefix} at position {p}: {what}".</summary>
internal sealed class SearchErrors(string prefix)
{
    public QuarryException At(int position, string what) =>
        new(ErrorCode.InvalidParameter, $"{prefix} at position {position}: {what}");

    public QuarryException InvalidClause(int position, string what) =>
        At(position, $"Invalid clause(s) in filter string: {what}");
}
