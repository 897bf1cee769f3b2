namespace Quarry.Backtesting.Strategies;

/// <summary>What a <see cref="SignalStrategy"/> asks for at a bar's close.</summary>
public static class Signal
{
    /// <summary>Do nothing.</summary>
    public const sbyte Hold = 0;

    /// <summary>Be long (closing a short first).</summary>
    public const sbyte Long = 1;

    /// <summary>Be short, or flat when shorting is not allowed.</summary>
    public const sbyte Short = -1;

    /// <summary>Be flat.</summary>
    public const sbyte Flat = 2;
}
