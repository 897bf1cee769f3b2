using System.CommandLine;
using Quarry.Backtesting.Strategies;
using Quarry.Cli.Output;

namespace Quarry.Cli.Commands;

internal static class StrategiesCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "print as JSON" };
        var file = new Argument<string?>("strategy") { Description = "a .cs or .dll strategy to describe (default: the built-ins)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("strategies", """
            List strategies and their declared parameters (name, type, default, search range).

            Examples:
              quarry strategies
              quarry strategies --json
              quarry strategies samples/strategies/InsideBar.cs
            """);
        command.Options.Add(json);
        command.Arguments.Add(file);
        command.SetAction((parse, _) =>
        {
            var catalog = new StrategyCatalog();
            IEnumerable<(string Name, Type Type)> list = parse.GetValue(file) is { } path
                ? [(path, catalog.Resolve(path))]
                : catalog.BuiltIns;
            if (!parse.GetValue(json)) { Tables.Strategies(list); return Cli.Ok; }
            Json.Write("-", w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("strategies");
                foreach (var (name, type) in list)
                {
                    w.WriteStartObject();
                    w.WriteString("name", name);
                    w.WriteStartArray("parameters");
                    foreach (var p in StrategyParameters.Describe(type))
                    {
                        w.WriteStartObject();
                        w.WriteString("name", p.Name);
                        w.WriteString("type", p.Kind.ToString().ToLowerInvariant());
                        w.WriteString("default", p.DefaultText);
                        w.Number("min", p.Min);
                        w.Number("max", p.Max);
                        w.Number("step", p.Step);
                        w.WriteBoolean("log", p.Log);
                        w.WriteStartArray("choices");
                        foreach (var c in p.Choices) w.WriteStringValue(c);
                        w.WriteEndArray();
                        if (p.Description is null) w.WriteNull("description"); else w.WriteString("description", p.Description);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            });
            return Cli.Ok;
        });
        return command;
    }
}
