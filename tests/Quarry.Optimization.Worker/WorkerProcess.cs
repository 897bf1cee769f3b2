using System.Collections.Concurrent;
using System.Diagnostics;

namespace Quarry.Optimization.Worker;

/// <summary>A worker process of this program, started by a test or the benchmark; its stdout lines are collected.</summary>
public sealed class WorkerProcess : IDisposable
{
    readonly Process _process;
    readonly BlockingCollection<string> _lines = [];
    readonly ConcurrentQueue<string> _all = new();
    readonly ConcurrentQueue<string> _errors = new();

    WorkerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) { _lines.CompleteAdding(); return; }
            _all.Enqueue(e.Data);
            _lines.Add(e.Data);
        };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _errors.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>
    /// Starts this program (Quarry.Optimization.Worker.dll next to <paramref name="assemblyFolder"/>) with
    /// <paramref name="args"/> and extra <paramref name="environment"/> variables.
    /// </summary>
    public static WorkerProcess Start(IEnumerable<string> args, string? assemblyFolder = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        string dll = Path.Combine(assemblyFolder ?? AppContext.BaseDirectory, "Quarry.Optimization.Worker.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        // Npgsql's sync I/O runs on sockets .NET keeps non-blocking (emulated blocking): without inline completions every
        // round trip wakes a thread-pool worker that then spins (~4x the client CPU per call, measured).
        info.Environment["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        return new WorkerProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start the worker"));
    }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Waits for a stdout line starting with <paramref name="prefix"/> and returns it; throws after <paramref name="timeout"/> or when the process ends first.</summary>
    public string WaitFor(string prefix, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_lines.TryTake(out var line, left))
                throw new TimeoutException($"worker {Id} printed no '{prefix}' line in {timeout.TotalSeconds:F0} s{Describe()}");
            if (line.StartsWith(prefix, StringComparison.Ordinal)) return line;
        }
    }

    /// <summary>Sends a line to the worker's stdin.</summary>
    public void Send(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>SIGKILL: the process dies at once, without cleanup.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"worker {Id} did not exit in {timeout.TotalSeconds:F0} s{Describe()}");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    string Describe() => $"\nstdout:\n{string.Join('\n', _all)}\nstderr:\n{string.Join('\n', _errors)}";

    /// <summary>What the worker printed on stderr.</summary>
    public string Errors => string.Join('\n', _errors);

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try { _process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { }
        }
        _process.Dispose();
        _lines.Dispose();
    }
}
