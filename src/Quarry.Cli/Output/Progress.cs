using Spectre.Console;

namespace Quarry.Cli.Output;

/// <summary>A progress bar on stderr for long work; silent when stderr is not a terminal.</summary>
internal static class Progress
{
    public static T Run<T>(string description, long total, Func<IProgress<long>?, T> work)
    {
        if (Console.IsErrorRedirected || total < 2) return work(null);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(description, maxValue: total);
                result = work(new Reporter(task));
            });
        return result;
    }

    sealed class Reporter(ProgressTask task) : IProgress<long>
    {
        public void Report(long value) => task.Value = Math.Max(task.Value, value);
    }
}
