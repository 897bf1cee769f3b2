using Quarry.Core;

namespace Quarry.Server.Jobs;

/// <summary>A launch request the server refuses (HTTP 400): names the field, what is wrong with it and how to fix it.</summary>
internal sealed class BacktestRequestException(string field, string message)
    : QuarryException(ErrorCode.InvalidParameter, message)
{
    /// <summary>The request field at fault, e.g. <c>strategy</c> or <c>params.fast</c>.</summary>
    public string Field { get; } = field;
}
