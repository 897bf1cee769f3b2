using System.Globalization;
using Quarry.Core;
using Quarry.Optimization.Pruners;

namespace Quarry.Cli.Research;

/// <summary>Parses --pruner.</summary>
internal static class Pruners
{
    public static IPruner Parse(string spec)
    {
        var parts = spec.Split(':');
        return parts[0] switch
        {
            "none" => new NopPruner(),
            "median" => new MedianPruner(nStartupTrials: 5, nWarmupSteps: 1),
            "percentile" when parts.Length == 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p > 0 && p < 100
                => new PercentilePruner(p, nStartupTrials: 5, nWarmupSteps: 1),
            "sha" => new SuccessiveHalvingPruner(),
            "hyperband" => new HyperbandPruner(),
            _ => throw new QuarryException(ErrorCode.InvalidParameter,
                $"Option '--pruner {spec}' is invalid: expected none, median, percentile:P (0 < P < 100), sha or hyperband."),
        };
    }
}
