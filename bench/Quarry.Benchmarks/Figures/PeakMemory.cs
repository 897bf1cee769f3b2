using System.Diagnostics;

namespace Quarry.Benchmarks.Figures;

/// <summary>The process's peak working set, resettable on Linux so that each sweep size gets its own peak.</summary>
internal static class PeakMemory
{
    /// <summary>
    /// Collects garbage, then resets the kernel's peak-RSS mark to the current RSS (Linux: "5" into /proc/self/clear_refs).
    /// Returns false where that is not possible; the peak is then the process's peak so far.
    /// </summary>
    public static bool Reset()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>Peak working set in bytes since the last successful <see cref="Reset"/> (or process start).</summary>
    public static long Peak()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    /// <summary>Current working set in bytes.</summary>
    public static long Current()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
