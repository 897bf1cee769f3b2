namespace Quarry.Optimization.Samplers.Tpe;

/// <summary>Per-key memo of a continuous kernel's log truncation mass ln(Φ(b) − Φ(a)) at its last sigma.</summary>
internal sealed class KernelMemo
{
    /// <summary>Sigma the mass was computed for (NaN = none).</summary>
    public double[] Sigma = [];

    /// <summary>The memoised log mass.</summary>
    public double[] LogMass = [];

    /// <summary>Grows to hold keys below <paramref name="capacity"/>.</summary>
    public void Ensure(int capacity)
    {
        if (Sigma.Length >= capacity) return;
        int old = Sigma.Length;
        capacity = Math.Max(capacity, old * 2);
        Array.Resize(ref Sigma, capacity);
        Array.Resize(ref LogMass, capacity);
        Array.Fill(Sigma, double.NaN, old, capacity - old);
    }
}
