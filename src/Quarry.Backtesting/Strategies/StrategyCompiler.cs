using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Quarry.Core;

namespace Quarry.Backtesting.Strategies;

/// <summary>Compiles a user's strategy source file with Roslyn into an in-memory assembly.</summary>
internal sealed class StrategyCompiler
{
    const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.Linq;
        global using Quarry.Core;
        global using Quarry.Backtesting.Engine;
        global using Quarry.Backtesting.Orders;
        global using Quarry.Backtesting.Strategies;
        """;

    static readonly Lazy<MetadataReference[]> References = new(LoadReferences);
    readonly ConcurrentDictionary<(string Path, DateTime Modified), Lazy<Assembly>> _cache = new();

    public Assembly Compile(string path)
    {
        var full = Path.GetFullPath(path);
        return _cache.GetOrAdd((full, File.GetLastWriteTimeUtc(full)), k => new Lazy<Assembly>(() => Build(k.Path, path))).Value;
    }

    static Assembly Build(string fullPath, string displayPath)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(File.ReadAllText(fullPath), options, displayPath),
            CSharpSyntaxTree.ParseText(ImplicitUsings, options, "implicit-usings.cs"),
        };
        var compilation = CSharpCompilation.Create(
            "UserStrategy_" + Path.GetFileNameWithoutExtension(fullPath) + "_" + Guid.NewGuid().ToString("N")[..8],
            trees, References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release,
                nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        if (!emitted.Success)
        {
            var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10).Select(Describe);
            throw new QuarryException(ErrorCode.InvalidParameter, "Strategy does not compile:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }
        return Assembly.Load(image.ToArray());
    }

    static string Describe(Diagnostic d)
    {
        var span = d.Location.GetLineSpan();
        return $"{span.Path}:{span.StartLinePosition.Line + 1}:{span.StartLinePosition.Character + 1}: error {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    static MetadataReference[] LoadReferences()
    {
        var paths = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        paths.Add(typeof(BarSeries).Assembly.Location);
        paths.Add(typeof(Strategy).Assembly.Location);
        return [.. paths.Where(File.Exists).Select(p => MetadataReference.CreateFromFile(p))];
    }
}
