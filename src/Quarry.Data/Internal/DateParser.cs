using System.Globalization;

namespace Quarry.Data.Internal;

/// <summary>
/// Parses timestamps into <see cref="DateTimeKind.Unspecified"/> values. A UTC offset (<c>Z</c>, <c>+00:00</c>,
/// <c>-0500</c>) is applied, giving UTC, and then the kind is dropped. ISO dates (<c>yyyy-MM-dd</c>, optionally
/// followed by <c>HH:mm[:ss[.fffffff]]</c> after a space or <c>T</c>) and <c>yyyyMMdd</c> take a fast path;
/// other year-first forms (<c>yyyy/M/d</c>, <c>yyyy-M-d H:mm</c>, ...) a slower one. Day-first and month-first dates
/// are rejected rather than guessed (01/02/2020 is 1 February in some files, 2 January in others): they need a format.
/// </summary>
internal static class DateParser
{
    const DateTimeStyles Styles = DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces;

    static readonly string[] YearFirstFormats =
    [
        "yyyy/M/d", "yyyy/M/d H:mm", "yyyy/M/d H:mm:ss", "yyyy-M-d", "yyyy-M-d H:mm", "yyyy-M-d H:mm:ss",
        "yyyy-M-d H:mm:ss.FFFFFFF", "yyyy-M-dTH:mm:ss", "yyyy-MM-dd HH:mm:ss zzz", "yyyyMMdd HH:mm:ss", "yyyyMMdd HHmmss",
    ];

    /// <param name="s">The field text.</param>
    /// <param name="format">A .NET custom format for <see cref="DateTime.TryParseExact(ReadOnlySpan{char}, ReadOnlySpan{char}, IFormatProvider, DateTimeStyles, out DateTime)"/>, or null to detect.</param>
    /// <param name="value">The parsed timestamp.</param>
    public static bool TryParse(ReadOnlySpan<char> s, string? format, out DateTime value)
    {
        bool ok = format is not null
            ? DateTime.TryParseExact(s, format, CultureInfo.InvariantCulture, Styles, out value)
            : TryParseIso(s, out value) || DateTime.TryParseExact(s, YearFirstFormats, CultureInfo.InvariantCulture, Styles, out value);
        value = DateTime.SpecifyKind(value, DateTimeKind.Unspecified);
        return ok;
    }

    static bool TryParseIso(ReadOnlySpan<char> s, out DateTime value)
    {
        value = default;
        if (s.Length == 8) return TryDate(s[..4], s[4..6], s[6..8], out value);
        if (s.Length < 10 || s[4] != '-' || s[7] != '-' || !TryDate(s[..4], s[5..7], s[8..10], out var date))
            return false;
        s = s[10..];
        if (s.IsEmpty) { value = date; return true; }
        if ((s[0] != ' ' && s[0] != 'T') || !TryTime(s[1..], out var time, out var rest)) return false;
        if (!TryOffset(rest, out var offset)) return false;
        long ticks = date.Ticks + time.Ticks - offset.Ticks;
        if (ticks < 0 || ticks > DateTime.MaxValue.Ticks) return false;
        value = new DateTime(ticks);
        return true;
    }

    static bool TryDate(ReadOnlySpan<char> y, ReadOnlySpan<char> m, ReadOnlySpan<char> d, out DateTime date)
    {
        date = default;
        if (!TryDigits(y, out int year) || !TryDigits(m, out int month) || !TryDigits(d, out int day)) return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateTime(year, month, day);
        return true;
    }

    // HH:mm[:ss[.fffffff]]; rest is what follows (an offset or nothing).
    static bool TryTime(ReadOnlySpan<char> s, out TimeSpan time, out ReadOnlySpan<char> rest)
    {
        time = default;
        rest = default;
        if (s.Length < 5 || s[2] != ':' || !TryDigits(s[..2], out int h) || !TryDigits(s[3..5], out int m)) return false;
        int sec = 0;
        long fraction = 0;
        int i = 5;
        if (s.Length >= 8 && s[5] == ':')
        {
            if (!TryDigits(s[6..8], out sec)) return false;
            i = 8;
            if (i < s.Length && s[i] == '.') i = ReadFraction(s, i + 1, out fraction);
        }
        if (h > 23 || m > 59 || sec > 59 || i < 0) return false;
        time = new TimeSpan(h, m, sec) + TimeSpan.FromTicks(fraction);
        rest = s[i..];
        return true;
    }

    // Reads up to 7 fractional digits as ticks; returns the index after the digits, or -1 when there are none.
    static int ReadFraction(ReadOnlySpan<char> s, int start, out long ticks)
    {
        ticks = 0;
        int i = start, scale = 1_000_000;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            ticks += (s[i] - '0') * scale;
            scale /= 10;
        }
        return i == start ? -1 : i;
    }

    static bool TryOffset(ReadOnlySpan<char> s, out TimeSpan offset)
    {
        offset = default;
        if (s.IsEmpty) return true;
        if (s is "Z") return true;
        if (s[0] != '+' && s[0] != '-') return false;
        var body = s[1..];
        int h = 0, m = 0;
        bool ok = body.Length switch
        {
            2 => TryDigits(body, out h),
            4 => TryDigits(body[..2], out h) && TryDigits(body[2..], out m),
            5 => body[2] == ':' && TryDigits(body[..2], out h) && TryDigits(body[3..], out m),
            _ => false,
        };
        if (!ok || h > 18 || m > 59) return false;
        offset = new TimeSpan(h, m, 0) * (s[0] == '-' ? -1 : 1);
        return true;
    }

    static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (char c in s)
        {
            uint d = (uint)(c - '0');
            if (d > 9) return false;
            value = value * 10 + (int)d;
        }
        return !s.IsEmpty;
    }
}
