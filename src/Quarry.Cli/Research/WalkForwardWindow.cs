using System.Globalization;
using Quarry.Core;

namespace Quarry.Cli.Research;

/// <summary>One walk-forward segment: optimize on [TrainStart, TestStart), evaluate on [TestStart, TestEnd).</summary>
internal sealed record WalkForwardWindow(int Index, DateTime TrainStart, DateTime TestStart, DateTime TestEnd)
{
    /// <summary>
    /// Rolling windows over [first, last]: the train window starts at <paramref name="first"/> and moves by
    /// <paramref name="step"/> until a full test window no longer fits.
    /// </summary>
    public static IReadOnlyList<WalkForwardWindow> Split(DateTime first, DateTime last, string train, string test, string? step)
    {
        var windows = new List<WalkForwardWindow>();
        var trainSpan = Period.Parse(train, "--train");
        var testSpan = Period.Parse(test, "--test");
        var stepSpan = step is null ? testSpan : Period.Parse(step, "--step");
        for (DateTime start = first; ; start = stepSpan.Add(start))
        {
            var testStart = trainSpan.Add(start);
            var testEnd = testSpan.Add(testStart);
            if (testEnd > last.AddDays(1)) break;
            windows.Add(new WalkForwardWindow(windows.Count + 1, start, testStart, testEnd));
        }
        if (windows.Count == 0)
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"The data ({first:yyyy-MM-dd} → {last:yyyy-MM-dd}) is too short for one --train {train} + --test {test} window.");
        return windows;
    }

    /// <summary>A calendar length: N days (D), months (M) or years (Y).</summary>
    internal readonly record struct Period(int Amount, char Unit)
    {
        public static Period Parse(string text, string option)
        {
            if (text.Length >= 2 && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
                && char.ToUpperInvariant(text[^1]) is 'D' or 'M' or 'Y')
                return new Period(n, char.ToUpperInvariant(text[^1]));
            throw new QuarryException(ErrorCode.InvalidParameter, $"Option '{option} {text}' is invalid: expected a length like 36M, 2Y or 90D.");
        }

        public DateTime Add(DateTime t) => Unit switch { 'D' => t.AddDays(Amount), 'M' => t.AddMonths(Amount), _ => t.AddYears(Amount) };
    }
}
