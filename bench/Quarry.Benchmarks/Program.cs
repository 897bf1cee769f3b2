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
    case "bdn":
        BenchmarkSwitcher.FromAssembly(typeof(FiguresRun).Assembly).Run(BdnArguments(args[1..]));
        return 0;
    default:
        Console.Error.WriteLine($"Unknown mode '{mode}'. Usage: Quarry.Benchmarks [figures] | bdn [filter] [BenchmarkDotNet options]");
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
