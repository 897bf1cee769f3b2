using System.CommandLine;
using Quarry.Core;

namespace Quarry.Cli;

/// <summary>Runs a command body and turns errors into one clear line and an exit code.</summary>
internal static class Cli
{
    public const int Ok = 0, UsageError = 2, NotFound = 3, DataError = 4, StateError = 5, Cancelled = 130, InternalError = 70;

    public static void SetAction(this Command command, Func<ParseResult, CancellationToken, int> body) =>
        command.SetAction((parse, token) => Task.FromResult(Guard(() => body(parse, token))));

    static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (QuarryException e)
        {
            Error(e.Message);
            return e.Code switch
            {
                ErrorCode.NotFound => NotFound,
                ErrorCode.InvalidData => DataError,
                ErrorCode.InvalidState or ErrorCode.AlreadyExists => StateError,
                _ => UsageError,
            };
        }
        catch (OperationCanceledException)
        {
            Error("cancelled");
            return Cancelled;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Error(e.Message);
            return DataError;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("QUARRY_DEBUG") != "1")
        {
            Error($"internal error: {e.GetType().Name}: {e.Message} (set QUARRY_DEBUG=1 for the stack trace and please report it)");
            return InternalError;
        }
    }

    public static void Error(string message)
    {
        var color = Console.IsErrorRedirected ? "" : "\u001b[31m";
        var reset = Console.IsErrorRedirected ? "" : "\u001b[0m";
        Console.Error.WriteLine($"{color}error:{reset} {message}");
    }
}
