using Spectre.Console;

namespace Quarry.Cli.Output;

/// <summary>A progress bar on stderr for long work; silent when stderr is not a terminal.</summary>
internal static class Progress
{
    public static T Run<T>(string description, long total, Func<ProgressReporter?, T> work)
    {
        if (Console.IsErrorRedirected || total < 2) return work(null);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(description), maxValue: total);
                result = work(new ProgressReporter(task, description));
            });
        return result;
    }
}

/// <summary>Moves a progress bar and can append a note (e.g. the best value so far) to its description.</summary>
internal sealed class ProgressReporter(ProgressTask task, string description) : IProgress<long>
{
    public void Report(long value) => task.Value = Math.Max(task.Value, value);

    public void Describe(string note) => task.Description = Markup.Escape($"{description} — {note}");
}
