using System.CommandLine;
using System.Text.Json;
using Quarry.Core;
using Quarry.Optimization;

namespace Quarry.Cli.Research;

internal static class WorkerCommand
{
    public static Command Create()
    {
        var study = new Option<string>("--study") { Description = "name of a study created by `quarry optimize --storage ...`", Required = true };
        var storage = new Option<string>("--storage") { Description = "sqlite:PATH or postgresql://user@host:port/db", Required = true };
        var jobs = new Option<int>("--jobs", "-j") { Description = "parallel trials in this process", DefaultValueFactory = _ => 1 };
        var heartbeat = new Option<double>("--heartbeat") { Description = "seconds between heartbeats; a trial silent for twice that is failed by the other workers", DefaultValueFactory = _ => 5 };
        var command = new Command("worker", """
            Join a study from any machine and run trials until its budget is spent. The objective (data, strategy, space,
            metric, costs) is the one `quarry optimize` stored with the study; the data files must exist at the same paths.
            A worker that dies mid-trial has that trial failed by heartbeat, and the study still completes its budget.

            Example:
              quarry worker --study rsi --storage postgresql://quarry@db:5432/research --jobs 2
            """);
        foreach (var option in new Option[] { study, storage, jobs, heartbeat }) command.Options.Add(option);
        command.SetAction((parse, cancellation) =>
        {
            UseInlineSocketCompletions();
            var store = StudyStorages.Open(parse.GetValue(storage));
            var name = parse.GetValue(study)!;
            var info = store.FindStudy(name) ?? throw new QuarryException(ErrorCode.NotFound,
                $"Study '{name}' does not exist in {parse.GetValue(storage)} (create it with quarry optimize --study {name} --storage ...).");
            if (!store.GetStudyUserAttributes(info.Id).TryGetValue(OptimizeCommand.ArgsAttribute, out var argsJson))
                throw new QuarryException(ErrorCode.InvalidState, $"Study '{name}' was not created by `quarry optimize`: it has no stored objective.");
            var args = JsonSerializer.Deserialize<string[]>(argsJson)!;
            var inputs = new OptimizeInputs();
            var definition = new Command("optimize");
            inputs.AddTo(definition);
            var stored = definition.Parse(args);
            if (stored.Errors.Count > 0)
                throw new QuarryException(ErrorCode.InvalidState, $"Study '{name}': its stored arguments do not parse: {stored.Errors[0].Message}");
            var setup = inputs.Build(stored) with { Jobs = Math.Max(1, parse.GetValue(jobs)) };
            var live = Study.Load(name, store, setup.Sampler, setup.Pruner);
            var result = OptimizeCommand.Run(live, setup, cancellation, TimeSpan.FromSeconds(parse.GetValue(heartbeat)));
            Console.WriteLine($"worker done: {result.Trials.Count} trials in {result.Elapsed.TotalSeconds:0.0} s ({result.StopReason}); " +
                $"study has {live.Trials.Count(t => t.IsFinished)} finished trials, best {live.BestValue}");
            return Cli.Ok;
        });
        return command;
    }

    /// <summary>
    /// A worker's storage calls are synchronous round trips on sockets .NET keeps non-blocking. By default the socket
    /// engine's event thread hands each completion to the thread pool, whose worker then wakes the waiting trial thread
    /// and spins before sleeping; with inline completions the event thread wakes it directly (one PostgreSQL worker, 10 ms
    /// objective, set this way in the process: 1.6–1.9 → 1.1–1.2 ms of CPU per trial on the loaded 2-core VM). .NET reads the switch
    /// once, from the process's (managed) environment, when the first socket is created, so it is set here, before the
    /// storage opens its first connection; an explicit value in the environment is kept.
    /// </summary>
    static void UseInlineSocketCompletions()
    {
        const string Name = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
        if (Environment.GetEnvironmentVariable(Name) is null) Environment.SetEnvironmentVariable(Name, "1");
    }
}
