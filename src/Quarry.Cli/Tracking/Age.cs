using System.Globalization;
using System.Text.RegularExpressions;
using Quarry.Core;

namespace Quarry.Cli.Tracking;

/// <summary>An age given on the command line: a whole number and a unit, e.g. 90d, 12h, 2w, 30m (minutes).</summary>
internal static partial class Age
{
    [GeneratedRegex(@"^\s*(\d{1,6})\s*([smhdw])\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();

    public static TimeSpan Parse(string text, string option)
    {
        var match = Pattern().Match(text ?? "");
        if (!match.Success)
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"Option '{option} {text}' is invalid: expected a number and a unit s, m, h, d or w (e.g. 90d, 12h, 2w).");
        double n = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return char.ToLowerInvariant(match.Groups[2].Value[0]) switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => TimeSpan.FromDays(7 * n),
        };
    }

    /// <summary>The cutoff in milliseconds since the Unix epoch: now minus the age.</summary>
    public static long CutoffMs(string text, string option) =>
        DateTimeOffset.UtcNow.Subtract(Parse(text, option)).ToUnixTimeMilliseconds();
}
