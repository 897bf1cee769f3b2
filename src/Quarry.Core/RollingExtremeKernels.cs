using System.Buffers;

namespace Quarry.Core;

/// <summary>Rolling maximum and minimum (monotonic deque, O(n)) behind <see cref="Indicators"/>.</summary>
internal static class RollingExtremeKernels
{
    /// <summary>Deques up to this many indices live on the stack (1 KiB); longer ones are rented from the pool.</summary>
    const int StackLimit = 256;

    public static void Highest(ReadOnlySpan<double> source, int period, Span<double> destination)
        => Extreme(source, period, destination, highest: true);

    public static void Lowest(ReadOnlySpan<double> source, int period, Span<double> destination)
        => Extreme(source, period, destination, highest: false);

    static void Extreme(ReadOnlySpan<double> source, int period, Span<double> destination, bool highest)
    {
        KernelGuard.Period(period, nameof(period));
        KernelGuard.Output(source, destination, nameof(source), nameof(destination));
        int capacity = Math.Min(period, Math.Max(source.Length, 1));
        int[]? rented = null;
        Span<int> deque = capacity <= StackLimit
            ? stackalloc int[StackLimit]
            : (rented = ArrayPool<int>.Shared.Rent(capacity));
        try
        {
            Run(source, period, destination, highest, deque[..capacity]);
        }
        finally
        {
            if (rented is not null) ArrayPool<int>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The deque holds, oldest first, the indices of the window whose values are not dominated by a newer value
    /// (for the maximum: strictly greater than every newer one), so its front is the window's extreme.
    /// NaNs are never queued; a window containing one outputs NaN.
    /// </summary>
    static void Run(ReadOnlySpan<double> source, int period, Span<double> destination, bool highest, Span<int> deque)
    {
        int capacity = deque.Length, head = 0, count = 0, lastNaN = -1;
        for (int i = 0; i < source.Length; i++)
        {
            if (count > 0 && deque[head] <= i - period)
            {
                head = head + 1 == capacity ? 0 : head + 1;
                count--;
            }
            double x = source[i];
            if (double.IsNaN(x))
            {
                lastNaN = i;
            }
            else
            {
                while (count > 0)
                {
                    int back = head + count - 1;
                    if (back >= capacity) back -= capacity;
                    double y = source[deque[back]];
                    if (highest ? y > x : y < x) break;
                    count--;
                }
                int tail = head + count;
                if (tail >= capacity) tail -= capacity;
                deque[tail] = i;
                count++;
            }
            destination[i] = i < period - 1 || lastNaN > i - period ? double.NaN : source[deque[head]];
        }
    }
}
