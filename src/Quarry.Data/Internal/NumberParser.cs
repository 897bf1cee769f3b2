using System.Globalization;

namespace Quarry.Data.Internal;

/// <summary>
/// Parses invariant-culture decimal numbers from spans. Plain numbers such as <c>-123.4567</c> take a fast path
/// that yields exactly what <see cref="double.Parse(string, IFormatProvider)"/> would: the digits form an integer
/// below 2^53 and the divisor a power of ten below 10^23, both exact doubles, so one IEEE division rounds correctly.
/// Anything else (exponents, NaN, long mantissas) goes to <see cref="double.TryParse(ReadOnlySpan{char}, NumberStyles, IFormatProvider, out double)"/>.
/// </summary>
internal static class NumberParser
{
    const long MaxExactMantissa = 1L << 53;

    static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    public static bool TryParse(ReadOnlySpan<char> s, out double value) =>
        TryParseFast(s, out value)
        || double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    static bool TryParseFast(ReadOnlySpan<char> s, out double value)
    {
        value = 0;
        int i = 0;
        bool negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+')) { negative = s[0] == '-'; i = 1; }
        long mantissa = 0;
        int digits = 0, fractionDigits = 0;
        bool seenPoint = false;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '.' && !seenPoint) { seenPoint = true; continue; }
            uint d = (uint)(c - '0');
            if (d > 9 || ++digits > 18) return false;
            mantissa = mantissa * 10 + d;
            if (seenPoint) fractionDigits++;
        }
        if (digits == 0 || mantissa > MaxExactMantissa || fractionDigits >= PowersOfTen.Length) return false;
        double v = mantissa / PowersOfTen[fractionDigits];
        value = negative ? -v : v;
        return true;
    }
}
