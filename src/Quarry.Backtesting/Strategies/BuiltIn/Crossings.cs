using Quarry.Core;

namespace Quarry.Backtesting.Strategies.BuiltIn;

/// <summary>Turns the crossings of two lines into signals: up-cross → Long, down-cross → Short.</summary>
internal static class Crossings
{
    public static void ToSignals(ReadOnlySpan<double> fast, ReadOnlySpan<double> slow, Span<sbyte> signals)
    {
        double[] cross = System.Buffers.ArrayPool<double>.Shared.Rent(fast.Length);
        try
        {
            var span = cross.AsSpan(0, fast.Length);
            Indicators.Crossings(fast, slow, span);
            for (int i = 0; i < span.Length; i++)
                signals[i] = span[i] > 0 ? Signal.Long : span[i] < 0 ? Signal.Short : Signal.Hold;
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(cross);
        }
    }
}
