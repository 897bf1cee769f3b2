using System.Runtime.ExceptionServices;

namespace Quarry.Optimization.Tests;

/// <summary>Runs a body on dedicated threads released together (no thread-pool ramp-up); rethrows the first failure.</summary>
public static class Concurrently
{
    public static void Run(int threads, Action<int> body)
    {
        using var start = new Barrier(threads);
        ExceptionDispatchInfo? error = null;
        var workers = Enumerable.Range(0, threads).Select(i => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                body(i);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref error, ExceptionDispatchInfo.Capture(e), null);
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        error?.Throw();
    }
}
