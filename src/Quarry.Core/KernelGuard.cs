namespace Quarry.Core;

/// <summary>Argument checks shared by the indicator kernels; each kernel calls them once, before its loop.</summary>
internal static class KernelGuard
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when <paramref name="period"/> is below 1.</summary>
    public static void Period(int period, string name) => ArgumentOutOfRangeException.ThrowIfLessThan(period, 1, name);

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when <paramref name="output"/> is shorter than <paramref name="input"/>
    /// or when the part of it that will be written overlaps the input.
    /// </summary>
    public static void Output(ReadOnlySpan<double> input, Span<double> output, string inputName, string outputName)
    {
        if (output.Length < input.Length)
            throw new ArgumentException(
                $"'{outputName}' has {output.Length} elements but '{inputName}' has {input.Length} (fix: pass an output at least as long as the input).",
                outputName);
        if (input.Overlaps(output[..input.Length]))
            throw new ArgumentException(
                $"'{outputName}' overlaps '{inputName}' (fix: write the result to a separate buffer; kernels read earlier inputs after writing).",
                outputName);
    }

    /// <summary>Throws <see cref="ArgumentException"/> when two outputs of one kernel overlap in their first <paramref name="length"/> elements.</summary>
    public static void Distinct(Span<double> first, Span<double> second, int length, string firstName, string secondName)
    {
        if (((ReadOnlySpan<double>)first[..length]).Overlaps(second[..length]))
            throw new ArgumentException($"Outputs '{firstName}' and '{secondName}' overlap (fix: pass separate buffers).", secondName);
    }

    /// <summary>Throws <see cref="ArgumentException"/> when two inputs differ in length.</summary>
    public static void SameLength(ReadOnlySpan<double> first, ReadOnlySpan<double> second, string firstName, string secondName)
    {
        if (first.Length != second.Length)
            throw new ArgumentException(
                $"'{firstName}' has {first.Length} elements but '{secondName}' has {second.Length} (fix: pass aligned series of equal length).",
                secondName);
    }

    /// <summary>Index of the first element that is not NaN, or the length when there is none.</summary>
    public static int FirstNonNaN(ReadOnlySpan<double> source)
    {
        int i = 0;
        while (i < source.Length && double.IsNaN(source[i])) i++;
        return i;
    }
}
