using System.Data.Common;
using Quarry.Core;
using Quarry.Storage;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>Binds the named parameters a compiled search collected (<c>string</c>, <c>double</c> or <c>long</c> values).</summary>
internal static class SearchParameters
{
    public static void Bind(DbCommand cmd, IReadOnlyList<KeyValuePair<string, object>> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            _ = value switch
            {
                string s => cmd.With(name, s),
                double d => cmd.With(name, (double?)d),
                long l => cmd.With(name, l),
                _ => throw new QuarryException(ErrorCode.InvalidParameter, $"Unsupported search parameter type {value.GetType().Name}."),
            };
        }
    }
}
