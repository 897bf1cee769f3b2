using System.Reflection;
using Quarry.Backtesting.Strategies.BuiltIn;
using Quarry.Core;

namespace Quarry.Backtesting.Strategies;

/// <summary>
/// Finds strategies by name: the built-ins, a C# source file (compiled with Roslyn) or a .NET assembly.
/// Thread-safe; compiled files are cached by path and modification time.
/// </summary>
public sealed class StrategyCatalog
{
    static readonly Type[] BuiltInTypes =
    [
        typeof(SmaCross), typeof(EmaCross), typeof(RsiReversion), typeof(BollingerReversion), typeof(Momentum),
        typeof(DonchianBreakout), typeof(BuyAndHold), typeof(TopNMomentum),
    ];

    readonly Dictionary<string, Type> _byName;
    readonly StrategyCompiler _compiler = new();

    /// <summary>Creates a catalog of the built-in strategies.</summary>
    public StrategyCatalog() =>
        _byName = BuiltInTypes.ToDictionary(t => ((Strategy)Activator.CreateInstance(t)!).Name, StringComparer.Ordinal);

    /// <summary>Built-in strategy names and types, in a stable order.</summary>
    public IReadOnlyList<(string Name, Type Type)> BuiltIns => [.. _byName.Select(p => (p.Key, p.Value))];

    /// <summary>
    /// The strategy type for a built-in name, a path to a .cs file, or a path to a .dll (optionally
    /// "path.dll:TypeName" when it holds several strategies).
    /// </summary>
    /// <exception cref="QuarryException">Unknown name (the message lists the built-ins), missing file, compile errors with file:line.</exception>
    public Type Resolve(string nameOrPath)
    {
        if (_byName.TryGetValue(nameOrPath, out var type)) return type;
        if (nameOrPath.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
            return Single(_compiler.Compile(RequireFile(nameOrPath)), nameOrPath, null);
        var (path, typeName) = SplitAssemblySpec(nameOrPath);
        if (path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            return Single(Assembly.LoadFrom(Path.GetFullPath(RequireFile(path))), path, typeName);
        throw new QuarryException(ErrorCode.NotFound,
            $"Unknown strategy '{nameOrPath}' (built-in: {string.Join(", ", _byName.Keys)}; or give a path to a .cs file or .dll).");
    }

    /// <summary>A new instance of the strategy with parameters applied from name → text pairs.</summary>
    public Strategy Create(string nameOrPath, IEnumerable<KeyValuePair<string, string>>? parameters = null)
    {
        var strategy = (Strategy)Activator.CreateInstance(Resolve(nameOrPath))!;
        if (parameters is not null) StrategyParameters.Apply(strategy, parameters);
        return strategy;
    }

    static string RequireFile(string path) => File.Exists(path)
        ? path
        : throw new QuarryException(ErrorCode.NotFound, $"Strategy file '{path}' does not exist (check the path).");

    static (string Path, string? TypeName) SplitAssemblySpec(string spec)
    {
        int colon = spec.LastIndexOf(':');
        return colon > 1 && spec[..colon].EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? (spec[..colon], spec[(colon + 1)..])
            : (spec, null);
    }

    static Type Single(Assembly assembly, string source, string? typeName)
    {
        var candidates = assembly.GetTypes()
            .Where(t => typeof(Strategy).IsAssignableFrom(t) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null)
            .Where(t => typeName is null || t.Name == typeName || t.FullName == typeName)
            .ToList();
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new QuarryException(ErrorCode.NotFound,
                $"{source}: no public non-abstract class deriving from Quarry.Backtesting.Strategies.Strategy with a parameterless constructor{(typeName is null ? "" : $" named '{typeName}'")}."),
            _ => throw new QuarryException(ErrorCode.InvalidParameter,
                $"{source} holds several strategies ({string.Join(", ", candidates.Select(c => c.Name))}); choose one with '{source}:TypeName'."),
        };
    }
}
