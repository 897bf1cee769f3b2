using System.Diagnostics;
using System.Globalization;
using Quarry.Optimization.Worker;

// Modes (one line of output per event, so a parent process can follow along):
//   optimize   --storage LOC --study NAME --budget N [--objective-ms 10] [--heartbeat-ms 500] [--seed K] [--warmup [N]] [--wait-go] [--wait-exit] [--hang]
//              Runs Study.Optimize with the budget counted across all workers (StopWhenBudgetSpent). --warmup: N (200)
//              trials in a throw-away study first; --wait-go: print READY, then wait for a line on stdin; --wait-exit: after
//              DONE, wait for a line on stdin before exiting (the benchmark reads the server's CPU first). --hang: the first
//              trial prints "RUNNING <number>" and never returns (the test kills the process). Ends with "DONE ...".
//   half-trial --storage LOC --study NAME
//              Starts a trial-creating transaction (counter bumped, trial row and a param inserted), prints "READY" and
//              waits forever without committing (the test kills the process).
//   bench      [--backend sqlite,postgresql] [--workers 1,4,8] [--trials-per-worker 100] [--objective-ms 10] [--pg-query URL_OPTIONS]
//              Spawns worker processes of this program against each backend and prints throughput against the ideal.
var options = Options.Parse(args.Skip(1));
switch (args.FirstOrDefault())
{
    case "optimize":
        return WorkerMode.Optimize(options);
    case "half-trial":
        return WorkerMode.HalfTrial(options);
    case "profile":
        return Profile.Run(options, Console.Out);
    case "bench":
        return StorageBench.Run(options, Console.Out);
    default:
        Console.Error.WriteLine("usage: Quarry.Optimization.Worker optimize|half-trial|bench [--option value ...] (see Program.cs)");
        return 2;
}

namespace Quarry.Optimization.Worker
{
    /// <summary>--name value pairs; a flag without a value is "true".</summary>
    sealed class Options(Dictionary<string, string> values)
    {
        public static Options Parse(IEnumerable<string> args)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            string? key = null;
            foreach (var a in args)
            {
                if (a.StartsWith("--", StringComparison.Ordinal))
                {
                    if (key is not null) values[key] = "true";
                    key = a[2..];
                }
                else if (key is not null)
                {
                    values[key] = a;
                    key = null;
                }
            }
            if (key is not null) values[key] = "true";
            return new Options(values);
        }

        public string? Get(string name) => values.GetValueOrDefault(name);

        public string Required(string name) => Get(name) ?? throw new ArgumentException($"--{name} is required");

        public int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        public long Long(string name, long fallback) => Get(name) is { } v ? long.Parse(v, CultureInfo.InvariantCulture) : fallback;

        public bool Flag(string name) => Get(name) == "true";

        public int[] Ints(string name, int[] fallback) =>
            Get(name) is { } v ? [.. v.Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture))] : fallback;
    }

    static class Clock
    {
        public static long UnixMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        public static double CpuMs() => Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
    }
}
