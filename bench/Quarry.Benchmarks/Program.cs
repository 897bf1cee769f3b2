using System.Text;
using BenchmarkDotNet.Running;
using Quarry.Benchmarks.Figures;

Console.OutputEncoding = Encoding.UTF8;
string mode = args.Length == 0 ? "figures" : args[0];
switch (mode)
{
    case "figures":
        new FiguresRun(Console.Out).Run();
        return 0;
    case "tracking":
        await new Quarry.Benchmarks.Tracking.TrackingServerBenchmark(Console.Out)
        {
            Runs = IntOption(args, "--runs") ?? 100_000,
            Clients = IntOption(args, "--clients") ?? 20,
            Duration = TimeSpan.FromSeconds(IntOption(args, "--seconds") ?? 5),
            Stores = StringOption(args, "--store") is { } store ? [store] : ["sqlite", "postgresql"],
            CpuRequests = IntOption(args, "--cpu"),
            Cases = StringOption(args, "--cases")?.Split(','),
        }.RunAsync();
        return 0;
    case "search-index":
        await new Quarry.Benchmarks.Tracking.SearchIndexBenchmark(Console.Out)
        {
            Runs = IntOption(args, "--runs") ?? 100_000,
            Searches = IntOption(args, "--searches") ?? 2000,
            Stores = StringOption(args, "--store") is { } indexStore ? [indexStore] : ["sqlite", "postgresql"],
        }.RunAsync();
        return 0;
    case "dashboard":
        await new Quarry.Benchmarks.Dashboard.DashboardBenchmark(Console.Out)
        {
            Runs = IntOption(args, "--runs") ?? 100_000,
            Samples = IntOption(args, "--samples") ?? 20,
            Stores = StringOption(args, "--store") is { } dashboardStore ? [dashboardStore] : ["sqlite"],
        }.RunAsync();
        return 0;
    case "launch":
        await new Quarry.Benchmarks.Dashboard.BacktestLaunchBenchmark(Console.Out) { Samples = IntOption(args, "--samples") ?? 10 }.RunAsync();
        return 0;
    case "client":
        await new Quarry.Benchmarks.Tracking.TrackingClientBenchmark(Console.Out) { Metrics = IntOption(args, "--metrics") ?? 10_000 }.RunAsync();
        return 0;
    case "bdn":
        BenchmarkSwitcher.FromAssembly(typeof(FiguresRun).Assembly).Run(BdnArguments(args[1..]));
        return 0;
    default:
        Console.Error.WriteLine($"Unknown mode '{mode}'. Usage: Quarry.Benchmarks [figures] | tracking [--store sqlite|postgresql] [--runs N] [--clients N] [--seconds N] [--cpu REQUESTS] [--cases A,B] | search-index [--store sqlite|postgresql] [--runs N] [--searches N] | client [--metrics N] | dashboard [--store sqlite|postgresql] [--runs N] [--samples N] | launch [--samples N] | bdn [filter] [BenchmarkDotNet options]");
        return 2;
}

// "bdn Sweep" → "--filter *Sweep*"; "bdn" alone runs everything; anything starting with '-' passes through untouched.
static string[] BdnArguments(string[] rest)
{
    if (rest.Length == 0) return ["--filter", "*"];
    if (rest[0].StartsWith('-')) return rest;
    string filter = rest[0].Contains('*', StringComparison.Ordinal) ? rest[0] : $"*{rest[0]}*";
    return ["--filter", filter, .. rest[1..]];
}

static string? StringOption(string[] args, string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static int? IntOption(string[] args, string name) =>
    StringOption(args, name) is { } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : null;
