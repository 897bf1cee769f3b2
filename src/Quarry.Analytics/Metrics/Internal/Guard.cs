namespace Quarry.Analytics.Metrics.Internal;

/// <summary>Argument checks shared by the metric kernels; each kernel calls them once, before its loop.</summary>
internal static class Guard
{
    /// <summary>Throws <see cref="ArgumentException"/> when two aligned inputs differ in length.</summary>
    public static void SameLength<T1, T2>(ReadOnlySpan<T1> first, ReadOnlySpan<T2> second, string firstName, string secondName)
    {
        if (first.Length != second.Length)
            throw new ArgumentException(
                $"'{firstName}' has {first.Length} elements but '{secondName}' has {second.Length} (fix: pass aligned series of equal length).",
                secondName);
    }

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="destination"/> is shorter than <paramref name="length"/>.</summary>
    public static void Destination(int length, Span<double> destination, string sourceName, string destinationName)
    {
        if (destination.Length < length)
            throw new ArgumentException(
                $"'{destinationName}' has {destination.Length} elements but '{sourceName}' has {length} (fix: pass a destination at least as long as the input).",
                destinationName);
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="window"/> is at least 1.</summary>
    public static void Window(int window, string name) => ArgumentOutOfRangeException.ThrowIfLessThan(window, 1, name);
}
