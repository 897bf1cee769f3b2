using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Orders;
using Quarry.Backtesting.Strategies;
using Quarry.Backtesting.Strategies.BuiltIn;
using Quarry.Core;

namespace Quarry.Backtesting.Tests.Strategies;

/// <summary>Resolving strategies by built-in name or by a C# source file compiled at run time.</summary>
public sealed class StrategyCatalogTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "quarry-bt-" + Guid.NewGuid().ToString("N"));

    public StrategyCatalogTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Write(string name, string source)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, source);
        return path;
    }

    [Fact]
    public void Built_ins_are_listed_in_a_stable_order()
    {
        Assert.Equal(
            ["sma-cross", "ema-cross", "rsi-reversion", "bollinger-reversion", "momentum", "donchian-breakout", "buy-and-hold", "top-n-momentum"],
            new StrategyCatalog().BuiltIns.Select(b => b.Name));
    }

    [Fact]
    public void Create_applies_parameters_to_a_built_in()
    {
        var strategy = Assert.IsType<SmaCross>(new StrategyCatalog().Create("sma-cross", [new("fast", "7"), new("slow", "21")]));
        Assert.Equal((7, 21), (strategy.Fast, strategy.Slow));
    }

    [Fact]
    public void Unknown_name_lists_the_built_ins()
    {
        var error = Assert.Throws<QuarryException>(() => new StrategyCatalog().Resolve("sma-crosss"));
        Assert.Equal(ErrorCode.NotFound, error.Code);
        Assert.Contains("Unknown strategy 'sma-crosss'", error.Message, StringComparison.Ordinal);
        Assert.Contains("sma-cross, ema-cross", error.Message, StringComparison.Ordinal);
    }

    const string UserStrategy = """
        public sealed class FirstBarBuyer : Strategy
        {
            [Parameter(1, 1000, Description = "shares to buy")]
            public int Shares { get; set; } = 1;

            public override void OnBar(StrategyContext context)
            {
                if (context.Step == 0) context.Buy(0, OrderSize.Shares(Shares));
            }
        }
        """;

    [Fact]
    public void User_strategy_compiled_from_a_cs_file_runs_with_its_parameters()
    {
        var path = Write("first_bar_buyer.cs", UserStrategy);
        var catalog = new StrategyCatalog();
        var strategy = catalog.Create(path, [new("shares", "25")]);
        Assert.Equal("first-bar-buyer", strategy.Name);
        Assert.Equal(["shares"], StrategyParameters.Describe(strategy.GetType()).Select(p => p.Name));

        var result = BacktestEngine.Run(strategy, Bars.Flat(10, 11, 12), new BacktestOptions());
        var fill = result.Filled();
        Assert.Equal(25, fill.Quantity);
        Assert.Equal(11, fill.FillPrice);
        Assert.Same(catalog.Resolve(path), catalog.Resolve(path)); // compiled once, cached
    }

    [Fact]
    public void Syntax_error_reports_file_and_line()
    {
        var path = Write("broken.cs", """
            public sealed class Broken : Strategy
            {
                public override void OnBar(StrategyContext context)
                {
                    int x = ;
                }
            }
            """);
        var error = Assert.Throws<QuarryException>(() => new StrategyCatalog().Resolve(path));
        Assert.Equal(ErrorCode.InvalidParameter, error.Code);
        Assert.Contains("Strategy does not compile", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{path}:5:", error.Message, StringComparison.Ordinal);
        Assert.Contains("error CS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_without_a_strategy_is_reported()
    {
        var path = Write("empty.cs", "public sealed class NotAStrategy { }");
        var error = Assert.Throws<QuarryException>(() => new StrategyCatalog().Resolve(path));
        Assert.Equal(ErrorCode.NotFound, error.Code);
        Assert.Contains("no public non-abstract class deriving from", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_with_two_strategies_asks_to_choose()
    {
        var path = Write("two.cs", UserStrategy + "\npublic sealed class Other : Strategy { public override void OnBar(StrategyContext c) { } }");
        var error = Assert.Throws<QuarryException>(() => new StrategyCatalog().Resolve(path));
        Assert.Contains("holds several strategies (FirstBarBuyer, Other)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_reported()
    {
        var path = Path.Combine(_dir, "missing.cs");
        var error = Assert.Throws<QuarryException>(() => new StrategyCatalog().Resolve(path));
        Assert.Equal(ErrorCode.NotFound, error.Code);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }
}
