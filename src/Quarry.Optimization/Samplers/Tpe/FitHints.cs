namespace Quarry.Optimization.Samplers.Tpe;

/// <summary>
/// Optional accelerators for <see cref="ParzenEstimator.Fit"/>: <see cref="Presorted"/>[d] = observation indices sorted
/// by value in dimension d; <see cref="ComponentSlots"/>[i] = a stable key (cache slot) of observation i, or −1, and
/// <see cref="Memos"/>[d] remembers each key's truncation mass for its last sigma (valid while the key's mu and the
/// dimension's box do not change).
/// </summary>
internal readonly record struct FitHints(int[]?[]? Presorted, int[]? ComponentSlots, KernelMemo?[]? Memos);
