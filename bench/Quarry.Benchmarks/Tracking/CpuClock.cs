using System.Diagnostics;
using System.Globalization;

namespace Quarry.Benchmarks.Tracking;

/// <summary>
/// CPU time spent so far by this process and, when a PostgreSQL port is given, by that cluster's processes (the
/// postmaster found by its <c>-p PORT</c> argument, its live children, and the children that have exited), read from
/// Linux's /proc. CPU time is what a closed loop on shared cores is limited by, and it is far less noisy than latency.
/// </summary>
internal sealed class CpuClock(int? postgresPort)
{
    const double TicksPerSecond = 100; // USER_HZ
    readonly int? _postmaster = postgresPort is { } port ? FindPostmaster(port) : null;

    /// <summary>(this process, the PostgreSQL cluster) CPU seconds; the second is 0 without a cluster.</summary>
    public (double Process, double Postgres) Now()
    {
        using var self = Process.GetCurrentProcess();
        return (self.TotalProcessorTime.TotalSeconds, _postmaster is { } pm ? ClusterSeconds(pm) : 0);
    }

    /// <summary>
    /// Bytes this process has sent toward storage so far (<c>write_bytes</c> of /proc/self/io: page-cache pages it
    /// dirtied, so a page rewritten before it reaches the disk counts each time; socket writes do not count).
    /// </summary>
    public static long DiskWriteBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/io"))
            if (line.StartsWith("write_bytes:", StringComparison.Ordinal))
                return long.Parse(line.AsSpan("write_bytes:".Length).Trim(), CultureInfo.InvariantCulture);
        return 0;
    }

    /// <summary>
    /// The CPU seconds of this process's thread named <paramref name="threadName"/> (as /proc shows it: the first 15
    /// characters), with its id; null when no such thread runs.
    /// </summary>
    public static (int Tid, double Seconds)? ThreadSeconds(string threadName)
    {
        string name = threadName.Length > 15 ? threadName[..15] : threadName;
        foreach (var dir in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "comm")).TrimEnd('\n') != name) continue;
                int tid = int.Parse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture);
                var fields = File.ReadAllText(Path.Combine(dir, "stat"));
                var values = fields[(fields.LastIndexOf(')') + 2)..].Split(' ');
                long ticks = long.Parse(values[11], CultureInfo.InvariantCulture) + long.Parse(values[12], CultureInfo.InvariantCulture);
                return (tid, ticks / TicksPerSecond);
            }
            catch (IOException) { }
        }
        return null;
    }

    static int? FindPostmaster(int port)
    {
        string flag = "-p\0" + port.ToString(CultureInfo.InvariantCulture) + "\0";
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
            try
            {
                string cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (cmdline.Contains("postgres", StringComparison.Ordinal) && cmdline.Contains(flag, StringComparison.Ordinal)) return pid;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return null;
    }

    static double ClusterSeconds(int postmaster)
    {
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
            var stat = Stat(pid);
            if (stat is null) continue;
            if (pid == postmaster) ticks += stat[11] + stat[12] + stat[13] + stat[14]; // utime stime cutime cstime
            else if (stat[1] == postmaster) ticks += stat[11] + stat[12];
        }
        return ticks / TicksPerSecond;
    }

    /// <summary>The numeric fields after the command name of /proc/PID/stat (index 0 = state's successor ppid at 1, utime at 11).</summary>
    static long[]? Stat(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        int close = text.LastIndexOf(')');
        var fields = text[(close + 2)..].Split(' ');
        // fields[0] is the state letter; keep the slot so the indexes match proc(5) minus 3.
        var values = new long[Math.Min(fields.Length, 16)];
        for (int i = 1; i < values.Length; i++) values[i] = long.Parse(fields[i], CultureInfo.InvariantCulture);
        return values;
    }
}
