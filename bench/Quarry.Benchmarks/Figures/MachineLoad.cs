using System.Diagnostics;
using System.Globalization;

namespace Quarry.Benchmarks.Figures;

/// <summary>
/// How much CPU other processes used while the figures ran (Linux: /proc/stat minus this process's own CPU time),
/// so that figures taken on a busy machine say so. Create it at the start, call <see cref="OthersShare"/> at the end.
/// </summary>
internal sealed class MachineLoad
{
    const double TicksPerSecond = 100;   // USER_HZ, fixed at 100 on Linux
    readonly double _busyStart = BusySeconds();
    readonly TimeSpan _ownStart = OwnCpu();
    readonly long _start = Stopwatch.GetTimestamp();

    /// <summary>Fraction of all cores' time used by other processes since construction, or NaN where /proc/stat is unavailable.</summary>
    public double OthersShare()
    {
        double busy = BusySeconds() - _busyStart, own = (OwnCpu() - _ownStart).TotalSeconds;
        double capacity = Stopwatch.GetElapsedTime(_start).TotalSeconds * Environment.ProcessorCount;
        return Math.Max(0, busy - own) / capacity;
    }

    static TimeSpan OwnCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>Non-idle CPU seconds of the whole machine since boot: user, nice, system, irq, softirq, steal.</summary>
    static double BusySeconds()
    {
        try
        {
            using var reader = new StreamReader("/proc/stat");
            var fields = (reader.ReadLine() ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long busy = 0;
            foreach (int i in new[] { 1, 2, 3, 6, 7, 8 }) busy += long.Parse(fields[i], CultureInfo.InvariantCulture);
            return busy / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return double.NaN;
        }
    }
}
