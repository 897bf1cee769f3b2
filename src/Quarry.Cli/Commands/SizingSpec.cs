using System.Globalization;
using Quarry.Backtesting.Sizing;
using Quarry.Core;

namespace Quarry.Cli.Commands;

/// <summary>Parses --sizing: all-in | shares:N | fraction:F | atr-risk:R[:MULT[:PERIOD]] | vol-target:T[:LOOKBACK] | kelly[:SCALE[:CAP]].</summary>
internal static class SizingSpec
{
    public const string Help = "all-in | shares:N | fraction:F | atr-risk:RISK[:MULT[:PERIOD]] | vol-target:TARGET[:LOOKBACK] | kelly[:SCALE[:CAP]]";

    public static ISizer Parse(string spec)
    {
        var parts = spec.Split(':');
        try
        {
            return parts[0] switch
            {
                "all-in" when parts.Length == 1 => AllInSizer.Instance,
                "shares" when parts.Length == 2 => new FixedSharesSizer(Number(parts[1])),
                "fraction" when parts.Length == 2 => new FixedFractionSizer(Number(parts[1])),
                "atr-risk" when parts.Length is >= 2 and <= 4 => new AtrRiskSizer(Number(parts[1]),
                    parts.Length > 2 ? Number(parts[2]) : 2, parts.Length > 3 ? (int)Number(parts[3]) : 14),
                "vol-target" when parts.Length is 2 or 3 => new VolatilityTargetSizer(Number(parts[1]), parts.Length > 2 ? (int)Number(parts[2]) : 20),
                "kelly" when parts.Length <= 3 => new KellySizer(parts.Length > 1 ? Number(parts[1]) : 0.5, parts.Length > 2 ? Number(parts[2]) : 1),
                _ => throw Bad(spec, null),
            };
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw Bad(spec, e.Message.Split(Environment.NewLine)[0]);
        }
    }

    static double Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new ArgumentOutOfRangeException(nameof(text), $"'{text}' is not a number.");

    static QuarryException Bad(string spec, string? detail) =>
        new(ErrorCode.InvalidParameter, $"Option '--sizing {spec}' is invalid{(detail is null ? "" : $" ({detail})")}: expected {Help}.");
}
