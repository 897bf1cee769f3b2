namespace Quarry.Core;

/// <summary>Crossing detection (backtrader's CrossOver semantics) behind <see cref="Indicators"/>.</summary>
internal static class CrossKernels
{
    /// <summary>Which crossings to report and how.</summary>
    public enum Mode
    {
        /// <summary>+1 for an up-cross, -1 for a down-cross.</summary>
        Both,
        /// <summary>1 for an up-cross only.</summary>
        Up,
        /// <summary>1 for a down-cross only.</summary>
        Down,
    }

    public static void Cross(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> destination, Mode mode)
    {
        KernelGuard.SameLength(a, b, nameof(a), nameof(b));
        KernelGuard.Output(a, destination, nameof(a), nameof(destination));
        KernelGuard.Output(b, destination, nameof(b), nameof(destination));
        double up = mode == Mode.Down ? 0 : 1;
        double down = mode switch { Mode.Both => -1, Mode.Down => 1, _ => 0 };
        int lastSign = 0;   // sign of the last non-zero, non-NaN difference; 0 until one is seen
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            double result = 0;
            if (d > 0)
            {
                if (lastSign < 0) result = up;
                lastSign = 1;
            }
            else if (d < 0)
            {
                if (lastSign > 0) result = down;
                lastSign = -1;
            }
            destination[i] = result;   // d == 0 or NaN: no cross, state unchanged
        }
    }
}
