using Quarry.Core;
using Quarry.Tracking;

namespace Quarry.Cli.Tracking;

/// <summary>The --view option of run queries: active, deleted or all.</summary>
internal static class ViewOption
{
    public static ViewType Parse(string? text) => text switch
    {
        null or "active" => ViewType.ActiveOnly,
        "deleted" => ViewType.DeletedOnly,
        "all" => ViewType.All,
        var v => throw new QuarryException(ErrorCode.InvalidParameter, $"Option '--view {v}' is invalid: expected active, deleted or all."),
    };
}
