using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Quarry.Storage.Testing;

/// <summary>
/// A private PostgreSQL cluster for tests: initdb into a fresh folder under /tmp, pg_ctl start on a free loopback port
/// (socket folder = the data folder, listen_addresses=127.0.0.1), stopped and deleted on dispose. When the tests run as
/// root the server runs as the postgres user (runuser), since PostgreSQL refuses root. Clusters left behind by a test
/// process that died are stopped and deleted on the next start. Binaries: /usr/lib/postgresql/*/bin (newest), or the
/// folder in QUARRY_PG_BIN.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    const string Prefix = "quarry-pg-";
    readonly string _bin;
    readonly bool _asPostgresUser;
    int _databases;

    PostgresServer(string bin, string dataDir, int port, bool asPostgresUser)
    {
        _bin = bin;
        DataDir = dataDir;
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    /// <summary>The cluster's data folder (also its socket folder).</summary>
    public string DataDir { get; }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>
    /// Initialises and starts a cluster. <paramref name="durable"/> false turns off fsync and synchronous commit (fast
    /// tests); true keeps PostgreSQL's defaults (benchmarks). Throws with a clear message when PostgreSQL is missing.
    /// </summary>
    public static PostgresServer Start(bool durable = false)
    {
        string bin = FindBinaries();
        bool asPostgres = Environment.IsPrivilegedProcess;
        CleanOrphans(bin, asPostgres);
        string dir = Path.Combine(Path.GetTempPath(), $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}"[..(Prefix.Length + 20)]);
        Run(asPostgres, "mkdir", ["-p", dir]);
        Run(asPostgres, Path.Combine(bin, "initdb"), ["-D", dir, "--auth=trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]);
        string settings = durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        for (int attempt = 1; ; attempt++)
        {
            int port = FreePort();
            try
            {
                Run(asPostgres, Path.Combine(bin, "pg_ctl"), ["-D", dir, "-l", Path.Combine(dir, "server.log"), "-w", "-t", "60",
                    "-o", $"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c max_connections=300{settings}", "start"]);
                return new PostgresServer(bin, dir, port, asPostgres);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Most likely the port was taken between probing and binding: try another.
            }
        }
    }

    /// <summary>Creates a fresh database and returns its URL (<c>postgresql://postgres@127.0.0.1:PORT/NAME</c>).</summary>
    public string CreateDatabase(string? name = null)
    {
        name ??= $"quarry_test_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..32];
        using (var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $"CREATE DATABASE \"{name}\"";
            cmd.ExecuteNonQuery();
        }
        return $"postgresql://postgres@127.0.0.1:{Port}/{name}";
    }

    /// <summary>Stops the server (immediate shutdown) and deletes its folder.</summary>
    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        Stop(_bin, DataDir, _asPostgresUser);
    }

    static void Stop(string bin, string dir, bool asPostgres)
    {
        try { Run(asPostgres, Path.Combine(bin, "pg_ctl"), ["-D", dir, "-m", "immediate", "-w", "stop"]); }
        catch (InvalidOperationException) { /* not running */ }
        try { Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    static string FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("QUARRY_PG_BIN") is { Length: > 0 } custom && File.Exists(Path.Combine(custom, "initdb")))
            return custom;
        var found = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: double.TryParse(Path.GetFileName(d), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0))
                .Where(x => File.Exists(Path.Combine(x.Dir, "initdb")) && File.Exists(Path.Combine(x.Dir, "pg_ctl")))
                .OrderByDescending(x => x.Version).Select(x => x.Dir).FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            "PostgreSQL is not installed: no /usr/lib/postgresql/*/bin/initdb found. Run ./test.sh, which installs it " +
            "(apt-get install -y postgresql), or set QUARRY_PG_BIN to a folder holding initdb and pg_ctl.");
    }

    static void CleanOrphans(string bin, bool asPostgres)
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            var pidText = Path.GetFileName(dir)[Prefix.Length..].Split('-')[0];
            if (!int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || IsAlive(pid)) continue;
            Stop(bin, dir, asPostgres);
        }
    }

    static bool IsAlive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException) { return false; }
    }

    static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Runs a program (as the postgres user when <paramref name="asPostgres"/>) and throws with its output when it fails.</summary>
    static void Run(bool asPostgres, string program, string[] args)
    {
        var info = new ProcessStartInfo(asPostgres ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres) foreach (var a in new[] { "-u", "postgres", "--", program }) info.ArgumentList.Add(a);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} did not finish in 120 s.");
        }
        if (process.ExitCode != 0)
        {
            string log = args.Length > 1 && args.Contains("start") && File.Exists(Path.Combine(args[1], "server.log"))
                ? "\nserver.log:\n" + File.ReadAllText(Path.Combine(args[1], "server.log")) : "";
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', args)} failed (exit {process.ExitCode}):\n{stdout.Result}{stderr.Result}{log}");
        }
    }
}
