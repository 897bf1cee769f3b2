using System.Globalization;

namespace Quarry.Optimization.Worker;

/// <summary>
/// CPU time of a PostgreSQL cluster's processes (the postmaster and its children: backends, WAL writer, checkpointer,
/// ...) from /proc/PID/schedstat (nanoseconds on CPU; every PostgreSQL process has one thread). Linux only.
/// </summary>
sealed class ServerCpu
{
    readonly Dictionary<int, long> _start;
    readonly int _postmaster;

    ServerCpu(int postmaster)
    {
        _postmaster = postmaster;
        _start = Read(postmaster);
    }

    /// <summary>Starts measuring the cluster whose data folder is <paramref name="dataDir"/>; null when not on Linux or not running.</summary>
    public static ServerCpu? Start(string dataDir)
    {
        string pidFile = Path.Combine(dataDir, "postmaster.pid");
        if (!Directory.Exists("/proc") || !File.Exists(pidFile)) return null;
        return int.TryParse(File.ReadLines(pidFile).First(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? new ServerCpu(pid) : null;
    }

    /// <summary>Milliseconds of CPU the cluster used since <see cref="Start"/> (processes that exited meanwhile are missed).</summary>
    public double ElapsedMs()
    {
        long ns = 0;
        foreach (var (pid, now) in Read(_postmaster)) ns += now - _start.GetValueOrDefault(pid);
        return ns / 1e6;
    }

    static Dictionary<int, long> Read(int postmaster)
    {
        var cpu = new Dictionary<int, long>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
            try
            {
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // pid (comm) state ppid ...: comm may hold spaces, so parse after the last ')'.
                int ppid = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                if (pid != postmaster && ppid != postmaster) continue;
                cpu[pid] = long.Parse(File.ReadAllText(Path.Combine(dir, "schedstat")).Split(' ')[0], CultureInfo.InvariantCulture);
            }
            catch (IOException) { } // the process ended meanwhile
        }
        return cpu;
    }
}
